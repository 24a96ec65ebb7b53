package vkernel.inet.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;

/**
 * A compacted state topic in memory: what a stack recorded, drained after each step,
 * keeping the latest value of every key (a tombstone removes it), in the order last
 * written, as a restore reads it back.
 */
final class StateTopic {
    final StateChanges changes = new StateChanges();
    private final Map<String, StateRecord> live = new LinkedHashMap<>();
    int written;

    /** Takes what was recorded since the last drain. */
    StateTopic drain() {
        for (StateRecord r : changes.drain()) {
            written++;
            live.remove(r.key());
            if (!r.isTombstone()) {
                live.put(r.key(), r);
            }
        }
        return this;
    }

    List<StateRecord> live() {
        drain();
        return new ArrayList<>(live.values());
    }

    List<String> keys() {
        drain();
        return new ArrayList<>(live.keySet());
    }
}
