package vkernel.netlink.core;

import vkernel.kernel.state.IdCounter;

/**
 * The sock handles netlink hands socket-service, never handed out twice, across
 * restarts too: the counter advances in blocks whose ceiling is recorded ({@code nlids})
 * before any handle of the block is used, and a restored layer goes on from the
 * ceiling (or past the highest handle it restored, should that record have been lost
 * with the crash), so the handles a crash left unused are skipped, never reused.
 */
final class SockIdentities {
    private final NetlinkJournal journal;
    private final IdCounter ids = new IdCounter(1);

    SockIdentities(NetlinkJournal journal) {
        this.journal = journal;
    }

    long sock() {
        return ids.next(journal::ids);
    }

    /** Goes on from a restored ceiling, and past every restored handle. */
    void restore(long storedCeiling, long highestRestored) {
        ids.restore(storedCeiling, highestRestored);
    }
}
