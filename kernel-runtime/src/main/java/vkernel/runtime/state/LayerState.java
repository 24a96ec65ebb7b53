package vkernel.runtime.state;

import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.inject.Instance;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.kernel.state.StateChanges;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;

/**
 * A layer's state on Kafka, as its binding uses it: the changes its core records
 * ({@link #changes()}), the restore at start ({@link #restore()}, then {@link #serve()}),
 * and the answer after durable ({@link #reply}). Until the layer serves, its gRPC calls
 * are refused as UNAVAILABLE (clients retry) and its registrations wait ({@link #serving()}).
 */
@ApplicationScoped
public class LayerState {
    private static final Logger LOG = Logger.getLogger(LayerState.class);

    @Inject
    KernelRuntime runtime;

    @Inject
    Instance<StateOwner> owner;

    @ConfigProperty(name = "vkernel.state.durability", defaultValue = "sync")
    String durabilityText;

    /** Replicas of the state topic (1 on a one-broker kernel; 3 on a real cluster). */
    @ConfigProperty(name = "vkernel.state.replication", defaultValue = "1")
    short replication;

    /** What a layer's records are sharded by: "netns" (socket, inet, netlink) or "task" (vfs: the process tree). */
    @ConfigProperty(name = "vkernel.state.shard-by", defaultValue = "netns")
    String shardBy;

    private Durability durability;
    private StateChanges changes;
    private CallOutcomes outcomes;
    private final StateRestore restore = new StateRestore();
    private final CompletableFuture<Void> serving = new CompletableFuture<>();
    private volatile StateLog log;
    private volatile String phase = "starting";
    private volatile boolean stopping;

    @PostConstruct
    void init() {
        durability = Durability.parse(durabilityText);
        changes = durability == Durability.OFF ? StateChanges.DISCARD : new StateChanges();
        if (changes.recording()) {
            changes.attribute(CallMark::current);
        }
        outcomes = new CallOutcomes(changes);
        if (durability == Durability.OFF) {
            LOG.warn("state durability is off (vkernel.state.durability=off): a restart loses every table; for measurement only");
        }
    }

    public Durability durability() {
        return durability;
    }

    /** The answers given to calls with a call id (DurableAnswers). */
    public CallOutcomes outcomes() {
        return outcomes;
    }

    /**
     * A network namespace exited (cleanup_net): the answers kept for its tasks' retries go,
     * as no task of it is left to retry. Layers sharded by task drop a task's answers at
     * its exit instead ({@link CallOutcomes#forgetTask}).
     */
    public void netnsExited(long netns) {
        if (!shardByTask()) {
            outcomes.forgetShard(netns);
        }
    }

    /** Whether records are sharded by task (vfs) rather than by network namespace. */
    public boolean shardByTask() {
        return "task".equals(shardBy);
    }

    /** Where the core records its changes. */
    public StateChanges changes() {
        return changes;
    }

    /**
     * Reads the layer's state topic to its end (creating it on a first start) and returns
     * the live objects to rebuild the tables from; publishes a restore event. Nothing
     * under durability off.
     */
    public StateRestore.Restored restore() throws InterruptedException {
        if (durability == Durability.OFF) {
            return new StateRestore.Restored(List.of(), 0, 0);
        }
        String topic = StateTopic.name(runtime.layer());
        phase = "restoring " + topic;
        Step step = runtime.events().step("restore"); // its duration is the restore's
        StateTopic.ensure(runtime.bootstrapServers(), topic, replication);
        StateRestore.Restored r = restore.read(runtime.bootstrapServers(), topic);
        log = new StateLog(runtime.bootstrapServers(), runtime.layer(), runtime.instanceId(), changes, durability);
        step.field("topic", topic).field("objects", r.live().size()).field("records", r.recordsRead())
                .field("duration_ms", r.micros() / 1000).end();
        LOG.infof("restored %d objects from %d records of %s in %d ms", r.live().size(), r.recordsRead(), topic, r.micros() / 1000);
        return r;
    }

    /** The tables are rebuilt: calls are served and registrations may go out. */
    public void serve() {
        phase = "serving";
        serving.complete(null);
        Thread sweeper = new Thread(this::expireOutcomes, runtime.layer() + "-call-outcomes");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /** Drops recorded answers past the retry window, once a minute. */
    private void expireOutcomes() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            if (outcomes.expire(System.currentTimeMillis()) > 0) {
                commit();
            }
        }
    }

    /** Whether calls are taken: the tables are restored. */
    public boolean isServing() {
        return serving.isDone();
    }

    /** Whether a graceful stop began (readiness is down: calls are answered UNAVAILABLE). */
    public boolean isStopping() {
        return stopping;
    }

    /** Completes when the layer serves (registrations chain on it). */
    public CompletableFuture<Void> serving() {
        return serving;
    }

    /** What readiness shows while a restore runs. */
    public String progress() {
        if (stopping || isServing()) {
            return phase;
        }
        long total = restore.recordsTotal();
        return total < 0 ? phase : phase + ": " + restore.recordsRead() + " of at most " + total + " records";
    }

    /** Records written and not yet acknowledged. */
    public int unacknowledged() {
        StateLog l = log;
        return l == null ? 0 : l.unacknowledgedCount();
    }

    /** Writes the pending changes; completes when they, and all before them, are durable. */
    public CompletableFuture<Void> commit() {
        return commit(null);
    }

    /** As {@link #commit()}, by the call whose answer was just recorded. */
    CompletableFuture<Void> commit(CallMark answering) {
        StateLog l = log;
        if (l == null) {
            if (answering != null) {
                answering.committed.complete(-1L);
            }
            return CompletableFuture.completedFuture(null);
        }
        return l.commit(answering);
    }

    /** The call will record nothing more: no commit waits for it. */
    void release(CallMark call) {
        changes.settle(call);
        call.committed.complete(-1L);
    }

    /**
     * Answers the call. The answer leaves once every change made so far is durable, and a
     * call with a call id has its answer recorded in the same commit as its changes:
     * DurableAnswers holds every unary answer at the transport for that, so this only
     * sends (a commit here, before the answer is recorded, would let the changes become
     * durable without the answer, and a retry would run the call twice).
     */
    public <T> void reply(StreamObserver<T> out, T response) {
        out.onNext(response);
        out.onCompleted();
    }

    /**
     * Restores on a thread of its own, so the HTTP server (readiness, progress) is up
     * meanwhile; then serves. A layer with no {@link StateOwner} serves at once.
     */
    void onStart(@Observes StartupEvent ev) {
        if (!owner.isResolvable()) {
            serve(); // a layer that keeps no state: nothing to restore
            return;
        }
        Thread t = new Thread(() -> {
            try {
                StateRestore.Restored r = restore();
                int taken = owner.get().rebuild(outcomes.restore(r.live()));
                LOG.debugf("tables rebuilt from %d objects", taken);
                serve();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("restore failed: the layer cannot serve from tables it could not rebuild; stopping", e);
                Runtime.getRuntime().halt(71);
            }
        }, runtime.layer() + "-state-restore");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A graceful stop: the log stops as a kill would stop it. Calls still come in and run
     * (a blocked recv finishes when its peer's send arrives, so the server stops quickly),
     * but none is answered any more: their commits fail and they answer UNAVAILABLE, to be
     * sent again to the next instance, which finds the answers inner layers recorded.
     */
    void shutdown(@Observes ShutdownEvent ev) {
        stopping = true;
        phase = "stopping";
        StateLog l = log;
        if (l != null) {
            l.close();
        }
    }
}
