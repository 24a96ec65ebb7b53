package vkernel.socket.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.ProtoOpsServiceGrpc;
import vkernel.runtime.events.Step;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.socket.core.FamilyOps;
import vkernel.socket.core.LayerFailure;
import vkernel.socket.core.NetFamilies;
import vkernel.socket.core.SockCreate;
import vkernel.socket.core.SockSyscall;
import vkernel.socket.core.Sockfs;
import vkernel.socket.core.SockfsFileOps;
import vkernel.socket.core.SocketTable;
import vkernel.vfs.v1.InodeServiceGrpc;
import vkernel.vfs.v1.ProcessServiceGrpc;

/**
 * socket-service's core ({@link Sockfs} and its calls) wired to the other layers: the
 * ports implemented with gRPC stubs ({@link GrpcVfs}, {@link GrpcFamilyOps}), transport
 * failures turned into {@link LayerFailure} (after a peer that is restarting has had
 * until the caller's deadline to come back), steps into kernel events.
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

    /** The first pause before a call to a peer that is restarting is tried again; it doubles up to {@link #MAX_RETRY_MS}. */
    static final long FIRST_RETRY_MS = 50;
    static final long MAX_RETRY_MS = 1000;
    /** What is left of the caller's deadline for the errno answer after the last try. */
    static final long ANSWER_MARGIN_MS = 250;

    @Inject
    KernelRuntime runtime;

    @Inject
    LayerState state;

    @ConfigProperty(name = "vkernel.vfs.address")
    String vfsAddress;

    /**
     * How long a call waits for a peer that is restarting when its caller gave no
     * deadline (and how long cleanup calls, which have no caller, wait for it).
     */
    @ConfigProperty(name = "vkernel.socket.peer-wait-ms", defaultValue = "120000")
    long peerWaitMs;

    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "socket-peer-retry");
        t.setDaemon(true);
        return t;
    });
    private Sockfs sockfs;
    private SockCreate create;
    private SockSyscall syscalls;
    private SockfsFileOps fileOps;

    @PostConstruct
    void init() {
        sockfs = new Sockfs(new GrpcVfs(this), address -> new GrpcFamilyOps(this, address), System::currentTimeMillis,
                state.changes(), (ms, r) -> retryTimer.schedule(r, ms, TimeUnit.MILLISECONDS));
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

    /** vfs-service's ProcessService, as root (the layers' credential is the admin one): the reconcile's walk of the fds. */
    ProcessServiceGrpc.ProcessServiceFutureStub processes() {
        return ProcessServiceGrpc.newFutureStub(runtime.channels().channel(vfsAddress))
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

    String vfsAddress() {
        return vfsAddress;
    }

    /**
     * Runs a call to the layer at address within a step. A peer that is restarting is a
     * pause: a call it refused before doing anything (see {@link #neverRan}) is tried
     * again, with a growing pause, until the caller's deadline (or {@link #peerWaitMs}
     * when it has none). A call the caller cancelled (a signal) fails as INTERRUPTED; a
     * service that still cannot be reached as UNREACHABLE; any other transport failure
     * as FAILED.
     */
    <T> CompletableFuture<T> call(Trace within, String address, Callable<ListenableFuture<T>> call) {
        Step step = step(within);
        Deadline d = step.within(() -> Context.current().getDeadline());
        long budgetMs = d == null ? peerWaitMs : d.timeRemaining(TimeUnit.MILLISECONDS) - ANSWER_MARGIN_MS;
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(step, address, call, false, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMs), FIRST_RETRY_MS, result);
        return result;
    }

    /**
     * As {@link #call}, for cleanup that must finish even if the caller was interrupted;
     * retried for {@link #peerWaitMs} when retry, tried once when the caller keeps its own
     * retries (sock_release's queue).
     */
    <T> CompletableFuture<T> callDetached(Trace within, String address, boolean retry, Callable<ListenableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long giveUpAt = System.nanoTime() + (retry ? TimeUnit.MILLISECONDS.toNanos(peerWaitMs) : 0);
        attempt(step(within), address, call, true, giveUpAt, FIRST_RETRY_MS, result);
        return result;
    }

    private <T> void attempt(Step step, String address, Callable<ListenableFuture<T>> call, boolean detached, long giveUpAt,
            long pauseMs, CompletableFuture<T> result) {
        CompletableFuture<T> f;
        try {
            f = detached ? step.withinDetached(() -> Futures.of(call.call())) : step.within(() -> Futures.of(call.call()));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, t) -> {
            if (t == null) {
                result.complete(r);
                return;
            }
            Throwable e = Futures.unwrap(t);
            Status s = Status.fromThrowable(e);
            boolean cancelled = !detached && step.callerCancelled();
            // CANCELLED without our caller gone is the peer's doing (a stopping server resets its streams)
            if (cancelled && (s.getCode() == Status.Code.CANCELLED || s.getCode() == Status.Code.DEADLINE_EXCEEDED)) {
                result.completeExceptionally(new LayerFailure(LayerFailure.Kind.INTERRUPTED, "interrupted", e));
                return;
            }
            boolean resendable = neverRan(s) || (vkernel.contract.Resend.connectionLost(s) && !detached
                    && step.within(vkernel.runtime.trace.TraceInterceptors::carriesCallId));
            if (resendable && !cancelled && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs) < giveUpAt) {
                step.field("peer_retry_ms", pauseMs);
                retryTimer.schedule(() -> {
                    // A channel that saw its peer go sits in reconnect backoff (up to two
                    // minutes) and fails calls fast meanwhile: reconnect now instead.
                    runtime.channels().instanceRegistered(address);
                    attempt(step, address, call, detached, giveUpAt, Math.min(MAX_RETRY_MS, pauseMs * 2), result);
                }, pauseMs, TimeUnit.MILLISECONDS);
                return;
            }
            // UNIMPLEMENTED: a peer older than the call, its caller decides; RESOURCE_EXHAUSTED:
            // the user's message was too large (EMSGSIZE), the peer is fine
            if (s.getCode() != Status.Code.UNIMPLEMENTED && s.getCode() != Status.Code.RESOURCE_EXHAUSTED) {
                LOG.warnf("%s: the layer at %s failed: %s", step.context().syscall(), address, s);
            }
            result.completeExceptionally(failure(s, e));
        });
    }

    /**
     * Whether a failed call certainly never ran at the peer, so trying it again cannot do
     * anything twice: the peer refused it while restoring its state (RestoreGate), or no
     * connection could be made (nothing was sent). A connection lost mid-call is not one:
     * the call may have run — unless it carries its syscall's id, which the peer answers
     * from its record if it ran (DurableAnswers).
     */
    static boolean neverRan(Status s) {
        if (s.getCode() != Status.Code.UNAVAILABLE) {
            return false;
        }
        String d = s.getDescription();
        if (vkernel.contract.Resend.restoring(s) || (d != null && d.contains("Connection refused"))) {
            return true;
        }
        for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * UNAVAILABLE: the service could not be reached at all, the module is gone;
     * RESOURCE_EXHAUSTED: the request was over the peer's message size bound; anything
     * else fails this call only.
     */
    static LayerFailure failure(Status s, Throwable cause) {
        LayerFailure.Kind kind = switch (s.getCode()) {
            case UNAVAILABLE -> LayerFailure.Kind.UNREACHABLE;
            case RESOURCE_EXHAUSTED -> LayerFailure.Kind.TOO_LARGE;
            default -> LayerFailure.Kind.FAILED;
        };
        return new LayerFailure(kind, s.toString(), cause);
    }

    static ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub quick(ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub family) {
        return family.withDeadlineAfter(OP_DEADLINE_S, TimeUnit.SECONDS);
    }
}
