package vkernel.socket.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.ProtoOpsServiceGrpc;
import vkernel.runtime.events.Step;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.core.FamilyOps;
import vkernel.socket.core.LayerFailure;
import vkernel.socket.core.NetFamilies;
import vkernel.socket.core.SockCreate;
import vkernel.socket.core.SockSyscall;
import vkernel.socket.core.Sockfs;
import vkernel.socket.core.SockfsFileOps;
import vkernel.socket.core.SocketTable;
import vkernel.vfs.v1.InodeServiceGrpc;

/**
 * socket-service's core ({@link Sockfs} and its calls) wired to the other layers: the
 * ports implemented with gRPC stubs ({@link GrpcVfs}, {@link GrpcFamilyOps}), transport
 * failures turned into {@link LayerFailure}, steps into kernel events.
 */
@ApplicationScoped
public class SocketLayer {
    private static final Logger LOG = Logger.getLogger(SocketLayer.class);

    /**
     * How long an op that never sleeps (create, bind, getname ...) may take before its
     * service counts as gone: a family whose host vanished (a removed container) gives no
     * "connection refused", so without a bound the call would wait for the caller's deadline.
     * Ops that sleep (connect, accept, send, recv, poll) keep only the caller's deadline.
     */
    static final long OP_DEADLINE_S = 5;

    @Inject
    KernelRuntime runtime;

    @ConfigProperty(name = "vkernel.vfs.address")
    String vfsAddress;

    private Sockfs sockfs;
    private SockCreate create;
    private SockSyscall syscalls;
    private SockfsFileOps fileOps;

    @PostConstruct
    void init() {
        sockfs = new Sockfs(new GrpcVfs(this), address -> new GrpcFamilyOps(this, address), System::currentTimeMillis);
        create = new SockCreate(sockfs);
        syscalls = new SockSyscall(sockfs);
        fileOps = new SockfsFileOps(sockfs);
    }

    public Sockfs sockfs() {
        return sockfs;
    }

    public SockCreate create() {
        return create;
    }

    public SockSyscall syscalls() {
        return syscalls;
    }

    public SockfsFileOps fileOps() {
        return fileOps;
    }

    public NetFamilies families() {
        return sockfs.families();
    }

    public SocketTable sockets() {
        return sockfs.sockets();
    }

    InodeServiceGrpc.InodeServiceFutureStub vfs() {
        return InodeServiceGrpc.newFutureStub(runtime.channels().channel(vfsAddress))
                .withCallCredentials(runtime.channels().credentials());
    }

    ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub family(String address) {
        return ProtoOpsServiceGrpc.newFutureStub(runtime.channels().channel(address))
                .withCallCredentials(runtime.channels().credentials());
    }

    /** The step a core's trace is (the cores are given StepTraces). */
    static Step step(Trace t) {
        return ((StepTrace) t).step();
    }

    /**
     * Runs a call to another layer within a step. A call the caller cancelled (a signal)
     * fails as INTERRUPTED; a service that cannot be reached as UNREACHABLE; any other
     * transport failure as FAILED.
     */
    <T> CompletableFuture<T> call(Trace within, Callable<ListenableFuture<T>> call) {
        Step step = step(within);
        return step.within(() -> Futures.of(call.call())).exceptionally(t -> {
            Throwable e = Futures.unwrap(t);
            Status s = Status.fromThrowable(e);
            if (s.getCode() == Status.Code.CANCELLED
                    || (s.getCode() == Status.Code.DEADLINE_EXCEEDED && step.callerCancelled())) {
                throw new LayerFailure(LayerFailure.Kind.INTERRUPTED, "interrupted", e);
            }
            LOG.warnf("%s: the layer it called failed: %s", step.context().syscall(), s);
            throw failure(s, e);
        });
    }

    /** As {@link #call}, for cleanup that must finish even if the caller was interrupted. */
    <T> CompletableFuture<T> callDetached(Trace within, Callable<ListenableFuture<T>> call) {
        return step(within).withinDetached(() -> Futures.of(call.call())).exceptionally(t -> {
            Throwable e = Futures.unwrap(t);
            throw failure(Status.fromThrowable(e), e);
        });
    }

    /** UNAVAILABLE: the service could not be reached at all, the module is gone; anything else fails this call only. */
    private static LayerFailure failure(Status s, Throwable cause) {
        return new LayerFailure(s.getCode() == Status.Code.UNAVAILABLE ? LayerFailure.Kind.UNREACHABLE : LayerFailure.Kind.FAILED,
                s.toString(), cause);
    }

    static ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub quick(ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub family) {
        return family.withDeadlineAfter(OP_DEADLINE_S, TimeUnit.SECONDS);
    }
}
