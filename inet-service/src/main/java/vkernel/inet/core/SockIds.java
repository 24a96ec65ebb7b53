package vkernel.inet.core;

import vkernel.kernel.state.IdCounter;
import vkernel.kernel.state.StateChanges;
import vkernel.state.v1.InetIds;

/**
 * The counter sock ids come from: socket-service names a sock by its id, so no id is
 * handed out twice, across restarts too. It advances in blocks whose ceiling is recorded
 * before any id of the block is used; a restored stack goes on from the ceiling, so ids
 * a crash left unused in a block are skipped, never reused (vfs's Identities, for socks).
 */
final class SockIds {
    static final String KEY = "ids";
    private final StateChanges changes;
    private final IdCounter ids = new IdCounter(1);

    SockIds(StateChanges changes) {
        this.changes = changes;
    }

    synchronized long next() {
        // under this lock: two ceilings are recorded in the order they were reached
        return ids.next(ceiling -> changes.put(KEY, 0, InetIds.newBuilder().setSockIdCeiling(ceiling).build()));
    }

    /** Goes on above both the recorded ceiling and every id a restored record holds. */
    synchronized void restore(long recordedCeiling, long highestSeen) {
        ids.restore(recordedCeiling, highestSeen);
    }
}
