package vkernel.kernel.state;

import java.util.function.LongConsumer;

/**
 * A counter of identities (pids, inode numbers, sock handles) that never hands one out
 * twice, across restarts too: it advances in blocks whose ceiling is recorded before any
 * id of the block is used, and a restored counter goes on from the recorded ceiling, so
 * the ids a crash left unused in a block are skipped, never reused. Not thread-safe: the
 * owner calls it under the lock that orders its records.
 */
public final class IdCounter {
    /** Ids per recorded block: one ceiling record per this many ids. */
    public static final int BLOCK = 1024;

    private long next;
    private long ceiling;

    public IdCounter(long first) {
        this.next = first;
        this.ceiling = first;
    }

    /** The next id; when it opens a block, recordCeiling is given the new ceiling first. */
    public long next(LongConsumer recordCeiling) {
        if (next >= ceiling) {
            ceiling = next + BLOCK;
            recordCeiling.accept(ceiling);
        }
        return next++;
    }

    /** How far ids are handed out: what the state record holds. */
    public long ceiling() {
        return ceiling;
    }

    /** Goes on from a restored ceiling, and past the highest id a restored object holds. */
    public void restore(long recordedCeiling, long highestSeen) {
        next = ceiling = Math.max(recordedCeiling, highestSeen + 1);
    }
}
