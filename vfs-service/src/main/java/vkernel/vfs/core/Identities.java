package vkernel.vfs.core;

import java.security.SecureRandom;
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
    private static final int BLOCK = 1024;
    /** Room above a random base for 2^62 generations and no overflow. */
    private static final long GENERATION_BASE_MASK = (1L << 61) - 1;

    private final StateChanges changes;
    private long nextPid = FIRST_PID;
    private long pidCeiling = FIRST_PID;
    private long nextGeneration;
    private long generationCeiling;
    private long nextIno = FIRST_INO;
    private long inoCeiling = FIRST_INO;
    private long nextNetns = Vfs.INIT_NETNS + 1;
    private long netnsCeiling = Vfs.INIT_NETNS + 1;
    private long nextFile = 1;
    private long fileCeiling = 1;

    Identities(StateChanges changes) {
        this.changes = changes;
        long base = changes.recording() ? new SecureRandom().nextLong() & GENERATION_BASE_MASK : 0;
        this.nextGeneration = base + 1;
        this.generationCeiling = nextGeneration;
    }

    int pid() {
        if (nextPid >= pidCeiling) {
            pidCeiling = nextPid + BLOCK;
            save();
        }
        return (int) nextPid++;
    }

    long generation() {
        if (nextGeneration >= generationCeiling) {
            generationCeiling = nextGeneration + BLOCK;
            save();
        }
        return nextGeneration++;
    }

    long ino() {
        if (nextIno >= inoCeiling) {
            inoCeiling = nextIno + BLOCK;
            save();
        }
        return nextIno++;
    }

    long netns() {
        if (nextNetns >= netnsCeiling) {
            netnsCeiling = nextNetns + BLOCK;
            save();
        }
        return nextNetns++;
    }

    long file() {
        if (nextFile >= fileCeiling) {
            fileCeiling = nextFile + BLOCK;
            save();
        }
        return nextFile++;
    }

    /** Goes on from a restored record's ceilings. */
    void restore(VfsIds ids) {
        nextPid = pidCeiling = ids.getPidCeiling();
        nextGeneration = generationCeiling = ids.getGenerationCeiling();
        nextIno = inoCeiling = ids.getInoCeiling();
        nextNetns = netnsCeiling = ids.getNetnsCeiling();
        nextFile = fileCeiling = ids.getFileCeiling();
    }

    private void save() {
        changes.put("ids", 0, VfsIds.newBuilder().setPidCeiling(pidCeiling).setGenerationCeiling(generationCeiling)
                .setInoCeiling(inoCeiling).setNetnsCeiling(netnsCeiling).setFileCeiling(fileCeiling).build());
    }
}
