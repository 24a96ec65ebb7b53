package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.PollRequest;
import vkernel.net.v1.ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub;
import vkernel.net.v1.RecvmsgRequest;
import vkernel.net.v1.ReleaseRequest;
import vkernel.net.v1.SendmsgRequest;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.core.NetFamilies;
import vkernel.socket.core.Socket;
import vkernel.uapi.Fcntl;
import vkernel.vfs.v1.FileOperationsServiceGrpc;
import vkernel.vfs.v1.FileOperationsServicePollRequest;
import vkernel.vfs.v1.FileOperationsServicePollResponse;
import vkernel.vfs.v1.NetnsExitRequest;
import vkernel.vfs.v1.NetnsExitResponse;
import vkernel.vfs.v1.ReadIterRequest;
import vkernel.vfs.v1.ReadIterResponse;
import vkernel.vfs.v1.WriteIterRequest;
import vkernel.vfs.v1.WriteIterResponse;

/**
 * socket_file_ops (net/socket.c) for vfs-service: sock_close, sock_read_iter,
 * sock_write_iter, sock_poll, each handed to the socket's family.
 */
@GrpcService
public class SockfsFileOperations extends FileOperationsServiceGrpc.FileOperationsServiceImplBase {
    @Inject
    SocketLayer layer;

    @Inject
    KernelRuntime runtime;

    /** sock_close → __sock_release: the family's release; vfs-service evicts the inode after. */
    @Override
    public void release(vkernel.vfs.v1.ReleaseRequest req, StreamObserver<vkernel.vfs.v1.ReleaseResponse> out) {
        Step step = runtime.events().step("sock_close").object("ino", req.getIno());
        Socket s = layer.sockets().remove(req.getIno());
        ProtoOpsServiceFutureStub family = s == null ? null : layer.family(s);
        CompletableFuture<?> done = family == null ? CompletableFuture.completedFuture(null)
                : layer.callDetached(step, () -> layer.quick(family).release(ReleaseRequest.newBuilder().setSock(s.sock()).build()));
        done.whenComplete((r, err) -> {
            step.end();
            out.onNext(vkernel.vfs.v1.ReleaseResponse.getDefaultInstance());
            out.onCompleted();
        });
    }

    /** sock_read_iter: a recvmsg, MSG_DONTWAIT when the file is O_NONBLOCK. */
    @Override
    public void readIter(ReadIterRequest req, StreamObserver<ReadIterResponse> out) {
        Step step = runtime.events().step("sock_read_iter", req.getCred()).object("ino", req.getIno());
        boolean nonblock = (req.getFFlags() & Fcntl.O_NONBLOCK) != 0;
        withFamily(req.getIno(), step, out, e -> ReadIterResponse.newBuilder().setRet(-1).setErrno(e).build(),
                ReadIterResponse::getRet, ReadIterResponse::getErrno, (s, family) ->
                layer.call(step, () -> family.recvmsg(RecvmsgRequest.newBuilder().setCred(req.getCred()).setSock(s.sock())
                        .setLen(req.getCount()).setFlags(nonblock ? vkernel.uapi.Socket.MSG_DONTWAIT : 0)
                        .setNonblock(nonblock).build()))
                        .thenApply(r -> ReadIterResponse.newBuilder().setRet(r.getRet()).setErrno(r.getErrno())
                                .setData(r.getData()).build()));
    }

    /** sock_write_iter: a sendmsg, MSG_DONTWAIT when the file is O_NONBLOCK. */
    @Override
    public void writeIter(WriteIterRequest req, StreamObserver<WriteIterResponse> out) {
        Step step = runtime.events().step("sock_write_iter", req.getCred()).object("ino", req.getIno());
        boolean nonblock = (req.getFFlags() & Fcntl.O_NONBLOCK) != 0;
        withFamily(req.getIno(), step, out, e -> WriteIterResponse.newBuilder().setRet(-1).setErrno(e).build(),
                WriteIterResponse::getRet, WriteIterResponse::getErrno, (s, family) ->
                layer.call(step, () -> family.sendmsg(SendmsgRequest.newBuilder().setCred(req.getCred()).setSock(s.sock())
                        .setData(req.getData()).setFlags(nonblock ? vkernel.uapi.Socket.MSG_DONTWAIT : 0)
                        .setNonblock(nonblock).build()))
                        .thenApply(r -> WriteIterResponse.newBuilder().setRet(r.getRet()).setErrno(r.getErrno()).build()));
    }

    /** sock_poll. */
    @Override
    public void poll(FileOperationsServicePollRequest req, StreamObserver<FileOperationsServicePollResponse> out) {
        Step step = runtime.events().step("sock_poll", req.getCred()).object("ino", req.getIno());
        withFamily(req.getIno(), step, out, e -> FileOperationsServicePollResponse.newBuilder().setRevents(vkernel.uapi.Poll.POLLERR).build(),
                r -> r.getRevents(), r -> Errno.ERRNO_UNSPECIFIED, (s, family) ->
                layer.call(step, () -> family.poll(PollRequest.newBuilder().setCred(req.getCred()).setSock(s.sock())
                        .setEvents(req.getEvents()).setTimeoutMs(req.getTimeoutMs()).build()))
                        .thenApply(r -> FileOperationsServicePollResponse.newBuilder().setRevents(r.getRevents()).build()));
    }

    /** pernet exit, to every family that is registered now. */
    @Override
    public void netnsExit(NetnsExitRequest req, StreamObserver<NetnsExitResponse> out) {
        Step step = runtime.events().step("cleanup_net").object("netns", req.getNetns());
        var all = layer.families().live(System.currentTimeMillis()).stream()
                .map((NetFamilies.Registration r) -> layer.call(step, () -> layer.family(r.address())
                        .netnsExit(vkernel.net.v1.NetnsExitRequest.newBuilder().setNetns(req.getNetns()).build()))
                        .exceptionally(t -> null))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(all).whenComplete((r, err) -> {
            step.end();
            out.onNext(NetnsExitResponse.getDefaultInstance());
            out.onCompleted();
        });
    }

    private interface FamilyOp<R> {
        CompletableFuture<R> apply(Socket s, ProtoOpsServiceFutureStub family);
    }

    private <R> void withFamily(long ino, Step step, StreamObserver<R> out, java.util.function.Function<Errno, R> failure,
            java.util.function.ToLongFunction<R> ret, java.util.function.Function<R, Errno> errno, FamilyOp<R> op) {
        Socket s = layer.sockets().get(ino);
        ProtoOpsServiceFutureStub family = s == null ? null : layer.family(s);
        CompletableFuture<R> f = family == null ? CompletableFuture.completedFuture(failure.apply(Errno.ERRNO_EIO))
                : op.apply(s, family).exceptionally(t -> failure.apply(SocketLayer.errnoOf(t)));
        f.whenComplete((r, err) -> {
            R answer = err == null ? r : failure.apply(SocketLayer.errnoOf(err));
            step.end(ret.applyAsLong(answer), errno.apply(answer));
            out.onNext(answer);
            out.onCompleted();
        });
    }
}
