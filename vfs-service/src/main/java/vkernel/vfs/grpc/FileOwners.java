package vkernel.vfs.grpc;

import com.google.protobuf.ByteString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import vkernel.cred.v1.Cred;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.FileOperations;
import vkernel.vfs.core.FileSystemType;
import vkernel.vfs.core.IoResult;
import vkernel.vfs.v1.FileOperationsServiceGrpc;
import vkernel.vfs.v1.FileOperationsServicePollRequest;
import vkernel.vfs.v1.NetnsExitRequest;
import vkernel.vfs.v1.ReadIterRequest;
import vkernel.vfs.v1.ReleaseRequest;
import vkernel.vfs.v1.WriteIterRequest;

/** The core's {@link FileOperations} port: the FileOperationsService of a filesystem's owner, over gRPC. */
@ApplicationScoped
public class FileOwners implements FileOperations.Owners {
    /** How long a release or a namespace's exit may take; they outlive the caller's own deadline. */
    private static final long CLEANUP_DEADLINE_S = 10;

    @Inject
    KernelRuntime runtime;

    @Override
    public FileOperations of(FileSystemType owner) {
        return new Stub(FileOperationsServiceGrpc.newFutureStub(runtime.channels().channel(owner.address()))
                .withCallCredentials(runtime.channels().credentials()));
    }

    /** The calls, each within the core's step (so they carry its trace context, deadline and cancellation). */
    private record Stub(FileOperationsServiceGrpc.FileOperationsServiceFutureStub stub) implements FileOperations {
        @Override
        public CompletableFuture<IoResult> readIter(Cred cred, long ino, long count, int fFlags, Trace t) {
            ReadIterRequest req = ReadIterRequest.newBuilder().setCred(cred).setIno(ino).setCount(count).setFFlags(fFlags).build();
            return t.within(() -> Futures.of(stub.readIter(req)))
                    .thenApply(r -> new IoResult(r.getRet(), r.getErrno(), r.getData()));
        }

        @Override
        public CompletableFuture<IoResult> writeIter(Cred cred, long ino, ByteString data, int fFlags, Trace t) {
            WriteIterRequest req = WriteIterRequest.newBuilder().setCred(cred).setIno(ino).setData(data).setFFlags(fFlags).build();
            return t.within(() -> Futures.of(stub.writeIter(req)))
                    .thenApply(r -> new IoResult(r.getRet(), r.getErrno(), ByteString.EMPTY));
        }

        @Override
        public CompletableFuture<Revents> poll(Cred cred, long ino, int events, int timeoutMs, long afterWake, Trace t) {
            FileOperationsServicePollRequest req = FileOperationsServicePollRequest.newBuilder().setCred(cred).setIno(ino)
                    .setEvents(events).setTimeoutMs(timeoutMs).setEdge(afterWake >= 0).setAfterWake(Math.max(0, afterWake))
                    .build();
            CompletableFuture<vkernel.vfs.v1.FileOperationsServicePollResponse> call = t.within(() -> Futures.of(stub.poll(req)));
            CompletableFuture<Revents> revents = call.thenApply(r -> new Revents(r.getRevents(), r.getWakes()));
            // poll's other registrations are cancelled when one file is ready: the owner must stop waiting too.
            revents.whenComplete((r, err) -> {
                if (revents.isCancelled()) {
                    call.cancel(true);
                }
            });
            return revents;
        }

        @Override
        public CompletableFuture<Void> release(long ino, Trace fput) {
            ReleaseRequest req = ReleaseRequest.newBuilder().setIno(ino).build();
            return detached(fput, () -> Futures.of(stub.withDeadlineAfter(CLEANUP_DEADLINE_S, TimeUnit.SECONDS).release(req)))
                    .thenApply(r -> null);
        }

        @Override
        public CompletableFuture<Void> netnsExit(long netns, Trace cleanup) {
            NetnsExitRequest req = NetnsExitRequest.newBuilder().setNetns(netns).build();
            return detached(cleanup, () -> Futures.of(stub.withDeadlineAfter(CLEANUP_DEADLINE_S, TimeUnit.SECONDS).netnsExit(req)))
                    .thenApply(r -> null);
        }

        /** Within the step's trace but outside the caller's cancellation and deadline. */
        private static <T> CompletableFuture<T> detached(Trace t, java.util.concurrent.Callable<CompletableFuture<T>> call) {
            if (t instanceof StepTrace st) {
                return st.step().withinDetached(call);
            }
            try {
                return io.grpc.Context.ROOT.call(call);
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }
}
