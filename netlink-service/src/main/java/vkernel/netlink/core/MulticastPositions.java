package vkernel.netlink.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Where this layer is on the multicast topics (one per netlink protocol; records other
 * instances made), and the origin it writes on its own records. Both outlive a restart:
 * the origin tells the broadcasts an earlier life made (and delivered here already) from
 * the others; the positions say where to read on. A position is recorded only once the
 * deliveries before it are durable, so it may lag; each sock remembers the next offset
 * it may get ({@link NetlinkSock#mcNextOffset}), so a record read again reaches no sock
 * twice. Guarded by the AfNetlink lock.
 */
final class MulticastPositions {
    /** Per (protocol << 32 | partition): the next offset to deliver. */
    private final Map<Long, Long> next = new HashMap<>();
    /** Positions moved since they were last recorded. */
    private final Set<Long> moved = new HashSet<>();
    private volatile String origin = UUID.randomUUID().toString();

    static long key(int protocol, int partition) {
        return (long) protocol << 32 | (partition & 0xffffffffL);
    }

    String origin() {
        return origin;
    }

    void origin(String o) {
        origin = o;
    }

    /** The consumer reads (protocol, partition) from offset on. */
    void start(int protocol, int partition, long offset) {
        long k = key(protocol, partition);
        Long old = next.get(k);
        if (old == null || old < offset) {
            next.put(k, offset);
            moved.add(k);
        }
    }

    /** Where the consumer goes on reading (protocol, partition), or null for the topic's end. */
    Long next(int protocol, int partition) {
        return next.get(key(protocol, partition));
    }

    /** The record at offset was handed to the members it was for. */
    void delivered(int protocol, int partition, long offset) {
        start(protocol, partition, offset + 1);
    }

    /**
     * A sock that joins groups has had none of the records read so far: a record read
     * again after a restart, from before it joined, must not reach it.
     */
    void joined(NetlinkSock sk) {
        if (sk.subscriptions == 0) {
            return;
        }
        for (Map.Entry<Long, Long> e : next.entrySet()) {
            if ((int) (e.getKey() >>> 32) == sk.protocol) {
                sk.mcNextOffset.merge((int) (long) e.getKey(), e.getValue(), Math::max);
            }
        }
    }

    void record(NetlinkJournal journal) {
        Map<Long, Long> m = new HashMap<>();
        for (long k : moved) {
            m.put(k, next.get(k));
        }
        moved.clear();
        journal.mcPositions(m);
    }
}
