package vkernel.kernel.state;

import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The changes a core made to its tables and the state topic does not hold yet: the
 * newest value of each changed object, serialized when it changed. A core calls
 * {@link #put} or {@link #delete} under the lock that guards the object, so two changes
 * of one object are recorded in the order they happened; the binding drains them after
 * the call and writes them before it answers.
 *
 * <p>Each change is attributed to the call making it (the binding says which, {@link
 * #attribute}) until that call has recorded its answer ({@link #settle}). A call's
 * changes can be drained by another call's commit before its answer is recorded; the
 * drain names such calls ({@link Drained#unsettled()}) so that the commit waits for their
 * answers too: a change must not become durable without the answer of the call that made
 * it, or a retry of that call after a crash would run it a second time.
 */
public final class StateChanges {
    /** Changes that go nowhere: a core built without a state topic (unit tests, durability off). */
    public static final StateChanges DISCARD = new StateChanges(false);

    private final boolean recording;
    private final Map<String, StateRecord> pending = new LinkedHashMap<>();
    /** The call that made each pending change, when it has not recorded its answer. */
    private final Map<String, Object> madeBy = new HashMap<>();
    private final Set<Object> unsettled = new HashSet<>();
    private volatile Supplier<Object> currentCall = () -> null;

    /** What a drain took: the records, and the calls among their makers still to record an answer. */
    public record Drained(List<StateRecord> records, List<Object> unsettled) {
        static final Drained NONE = new Drained(List.of(), List.of());
    }

    private StateChanges(boolean recording) {
        this.recording = recording;
    }

    public StateChanges() {
        this(true);
    }

    public boolean recording() {
        return recording;
    }

    /** How the binding names the call the current thread serves (null for none: timers, restore). */
    public void attribute(Supplier<Object> currentCall) {
        this.currentCall = currentCall;
    }

    /** The call recorded its answer (or will record none): its changes wait for it no longer. */
    public synchronized void settle(Object call) {
        unsettled.remove(call);
    }

    /** The object at key now has this value. */
    public void put(String key, long shard, MessageLite value) {
        if (recording) {
            record(new StateRecord(key, shard, value.toByteArray()));
        }
    }

    /** The object at key is freed. */
    public void delete(String key, long shard) {
        if (recording) {
            record(new StateRecord(key, shard, null));
        }
    }

    private void record(StateRecord r) {
        Object call = currentCall.get();
        synchronized (this) {
            pending.remove(r.key()); // keep the order of the latest change
            pending.put(r.key(), r);
            if (call != null) {
                madeBy.put(r.key(), call);
                unsettled.add(call);
            } else {
                madeBy.remove(r.key());
            }
        }
    }

    /** The changes since the last drain, each object once with its newest value. */
    public List<StateRecord> drain() {
        return drainAttributed().records();
    }

    /** As {@link #drain()}, with the calls that made some of them and have not recorded their answers. */
    public synchronized Drained drainAttributed() {
        if (pending.isEmpty()) {
            return Drained.NONE;
        }
        List<StateRecord> out = new ArrayList<>(pending.values());
        List<Object> waitFor = new ArrayList<>(2);
        for (Object call : madeBy.values()) {
            if (unsettled.contains(call) && !waitFor.contains(call)) {
                waitFor.add(call);
            }
        }
        pending.clear();
        madeBy.clear();
        return new Drained(out, waitFor);
    }

    public synchronized int pendingCount() {
        return pending.size();
    }
}
