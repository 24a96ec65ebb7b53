package vkernel.kernel.state;

import com.google.protobuf.MessageLite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes a core made to its tables and the state topic does not hold yet: the
 * newest value of each changed object, serialized when it changed. A core calls
 * {@link #put} or {@link #delete} under the lock that guards the object, so two changes
 * of one object are recorded in the order they happened; the binding drains them after
 * the call and writes them before it answers.
 */
public final class StateChanges {
    /** Changes that go nowhere: a core built without a state topic (unit tests, durability off). */
    public static final StateChanges DISCARD = new StateChanges(false);

    private final boolean recording;
    private final Map<String, StateRecord> pending = new LinkedHashMap<>();

    private StateChanges(boolean recording) {
        this.recording = recording;
    }

    public StateChanges() {
        this(true);
    }

    public boolean recording() {
        return recording;
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

    private synchronized void record(StateRecord r) {
        pending.remove(r.key()); // keep the order of the latest change
        pending.put(r.key(), r);
    }

    /** The changes since the last drain, each object once with its newest value. */
    public synchronized List<StateRecord> drain() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<StateRecord> out = new ArrayList<>(pending.values());
        pending.clear();
        return out;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }
}
