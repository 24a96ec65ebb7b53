package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub;
import vkernel.runtime.events.Step;
import vkernel.socket.grpc.SocketLayer.Lookup;

/**
 * The shape every socket call on an fd shares (net/socket.c): look the fd up, call the
 * family's op, answer with its result; -1 and the errno at the first step that fails.
 * The response type varies per call, so its builders are passed in.
 */
final class SockSyscall<R> {
    /** How a response type reads and writes the syscall result. */
    record Shape<R>(Function<Errno, R> failure, ToLongFunction<R> ret, Function<R, Errno> errno) {}

    /** The family op of a call: gets the socket, its family's stub and the call's step. */
    interface Op<R> {
        CompletableFuture<R> apply(Lookup l, ProtoOpsServiceFutureStub family, Step step);
    }

    private SockSyscall() {}

    static <R> void run(SocketLayer layer, Cred cred, Step step, int fd, StreamObserver<R> out, Shape<R> shape, Op<R> op) {
        layer.lookup(cred, fd, step).thenCompose(l -> {
            if (l.errno() != Errno.ERRNO_UNSPECIFIED) {
                return CompletableFuture.completedFuture(shape.failure().apply(l.errno()));
            }
            ProtoOpsServiceFutureStub family = layer.family(l.socket());
            if (family == null) {
                // The service that held this sock is gone (stopped or restarted).
                return CompletableFuture.completedFuture(shape.failure().apply(Errno.ERRNO_EIO));
            }
            return op.apply(l, family, step).exceptionally(t -> {
                if (vkernel.runtime.grpc.Futures.unwrap(t) instanceof SocketLayer.LayerGone gone && gone.unreachable()) {
                    layer.familyGone(l.socket());
                }
                return shape.failure().apply(SocketLayer.errnoOf(t));
            });
        }).whenComplete((r, t) -> {
            R answer = t == null ? r : shape.failure().apply(SocketLayer.errnoOf(t));
            step.end(shape.ret().applyAsLong(answer), shape.errno().apply(answer));
            out.onNext(answer);
            out.onCompleted();
        });
    }

    /** ret 0 for success, -1 otherwise: what most socket calls return. */
    static long zeroOrMinusOne(Errno e) {
        return e == Errno.ERRNO_UNSPECIFIED ? 0 : -1;
    }
}
