package vkernel.kernel.sched;

/**
 * A file's answer to f_op->poll: its mask, and how many times its wait queue has been
 * woken so far. epoll's edge trigger (EPOLLET) reports a ready file again only after a
 * wake-up it has not seen (ep_poll_callback queues the item on each one).
 */
public record Revents(int mask, long wakes) {
    /** An answer from a file that keeps no count (it is never woken, or its owner is gone). */
    public static Revents of(int mask) {
        return new Revents(mask, 0);
    }

    /** A poll that waits for readiness only, not for a wake-up: level-triggered. */
    public static final long LEVEL = -1;
}
