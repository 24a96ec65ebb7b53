package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import vkernel.kernel.state.StateRecord;
import vkernel.runtime.events.Step;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.runtime.state.StateOwner;
import vkernel.socket.core.SocketReconcile;
import vkernel.socket.core.SocketRestore;

/**
 * socket-service's tables on its state topic: rebuilt before the layer serves, then
 * reconciled with vfs-service and the families (retried until it could be done once);
 * and the answer after durable every reply goes through.
 */
@ApplicationScoped
public class SocketState implements StateOwner {
    private static final Logger LOG = Logger.getLogger(SocketState.class);
    private static final long RECONCILE_RETRY_S = 2;

    @Inject
    LayerState state;

    @Inject
    SocketLayer layer;

    @Inject
    KernelRuntime runtime;

    @Override
    public int rebuild(List<StateRecord> live) {
        long t0 = System.nanoTime();
        Step step = runtime.events().step("socket_restore");
        SocketRestore.Restored r = SocketRestore.into(layer.sockfs(), live, new StepTrace(step));
        step.field("sockets", r.sockets().size()).field("families", r.families()).field("releasing", r.releasing()).end();
        LOG.infof("restored %d sockets, %d family registrations, %d releases under way in %d ms", r.sockets().size(),
                r.families(), r.releasing(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        if (!live.isEmpty()) {
            state.serving().thenRun(() -> reconcile(r.sockets()));
        }
        return r.sockets().size() + r.families() + r.releasing();
    }

    /** After a restore: what the crash left between this layer and its peers is released; tried again until it ran. */
    private void reconcile(List<Long> restored) {
        Step step = runtime.events().step("reconcile").field("restored_sockets", restored.size());
        SocketReconcile.run(layer.sockfs(), restored, new StepTrace(step)).whenComplete((rec, err) -> {
            if (err != null) {
                step.field("error", String.valueOf(err)).end();
                LOG.warnf("reconcile failed (tried again in %d s): %s", RECONCILE_RETRY_S, err);
                CompletableFuture.delayedExecutor(RECONCILE_RETRY_S, TimeUnit.SECONDS).execute(() -> reconcile(restored));
                return;
            }
            step.field("unheld_sockets", rec.unheldSockets()).field("unnamed_socks", rec.unnamedSocks())
                    .field("families_unlisted", rec.familiesUnlisted()).end();
            LOG.infof("reconciled: %d sockets no fd holds and %d socks no socket names released (%d families could not list)",
                    rec.unheldSockets(), rec.unnamedSocks(), rec.familiesUnlisted());
            state.commit();
        });
    }

    /**
     * Sends the core's result (it has ended the call's step) as the response once every
     * change recorded so far is durable; the core's futures always complete with a result.
     */
    <T, R> void answer(CompletableFuture<T> result, StreamObserver<R> out, Function<T, R> response) {
        result.whenComplete((r, err) -> {
            if (err != null) {
                out.onError(io.grpc.Status.fromThrowable(err).asRuntimeException());
                return;
            }
            state.reply(out, response.apply(r));
        });
    }

    <R> void reply(StreamObserver<R> out, R response) {
        state.reply(out, response);
    }
}
