package vkernel.vfs.core;

import java.security.SecureRandom;
import java.util.function.LongConsumer;
import vkernel.kernel.state.IdCounter;
import vkernel.kernel.state.StateChanges;
import vkernel.state.v1.VfsIds;

/**
 * The counters vfs hands identities from — alloc_pid, the task generation that tokens
 * carry, get_next_ino, net namespace numbers, struct file ids — none of them ever handed
 * out twice, across restarts too. Each counter advances in blocks whose ceiling is
 * recorded before any number of the block is used; a restored vfs goes on from the
 * ceilings, so the numbers a crash left unused in a block are skipped, never reused.
 *
 * <p>A kernel whose state is gone (its topic deleted) starts its generations from a
 * random base: a token of the lost kernel names a generation no new task has.
 */
final class Identities {
    static final int FIRST_PID = 100;
    static final long FIRST_INO = 1;
    /** Room above a random base for 2^62 generations and no overflow. */
    private static final long GENERATION_BASE_MASK = (1L << 61) - 1;

    private final StateChanges changes;
    private final IdCounter pids = new IdCounter(FIRST_PID);
    private final IdCounter generations;
    private final IdCounter inos = new IdCounter(FIRST_INO);
    private final IdCounter netns = new IdCounter(Vfs.INIT_NETNS + 1);
    private final IdCounter files = new IdCounter(1);
    /** Records the ceilings when any counter opens a block. */
    private final LongConsumer save = ceiling -> save();

    Identities(StateChanges changes) {
        this.changes = changes;
        long base = changes.recording() ? new SecureRandom().nextLong() & GENERATION_BASE_MASK : 0;
        this.generations = new IdCounter(base + 1);
    }

    int pid() {
        return (int) pids.next(save);
    }

    long generation() {
        return generations.next(save);
    }

    long ino() {
        return inos.next(save);
    }

    long netns() {
        return netns.next(save);
    }

    long file() {
        return files.next(save);
    }

    /** Goes on from a restored record's ceilings. */
    void restore(VfsIds ids) {
        pids.restore(ids.getPidCeiling(), 0);
        generations.restore(ids.getGenerationCeiling(), 0);
        inos.restore(ids.getInoCeiling(), 0);
        netns.restore(ids.getNetnsCeiling(), 0);
        files.restore(ids.getFileCeiling(), 0);
    }

    private void save() {
        changes.put("ids", 0, VfsIds.newBuilder().setPidCeiling(pids.ceiling()).setGenerationCeiling(generations.ceiling())
                .setInoCeiling(inos.ceiling()).setNetnsCeiling(netns.ceiling()).setFileCeiling(files.ceiling()).build());
    }
}
