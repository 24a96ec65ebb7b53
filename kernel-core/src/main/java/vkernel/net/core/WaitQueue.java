package vkernel.net.core;

import java.util.ArrayList;
import java.util.List;

/**
 * wait_queue_head_t: the calls sleeping on a socket. A call that cannot complete
 * registers here instead of holding a thread; wake_up makes every sleeper try again.
 */
public final class WaitQueue {
    private final List<SleepingCall<?>> sleepers = new ArrayList<>();
    /** Wake-ups so far, counted when the state changes (under the owner's lock), for epoll's edge trigger. */
    private volatile long wakes;

    synchronized void add(SleepingCall<?> c) {
        sleepers.add(c);
    }

    synchronized void remove(SleepingCall<?> c) {
        sleepers.remove(c);
    }

    public synchronized int size() {
        return sleepers.size();
    }

    /**
     * Counts a wake-up of this queue, at the state change that makes it (under the owner's
     * lock, before the batched {@link #wakeUp}), so that a poll under that lock sees the
     * mask and the count together.
     */
    public void countWake() {
        wakes++;
    }

    /** How many wake-ups {@link #countWake} counted: what an edge-triggered epoll item compares. */
    public long wakes() {
        return wakes;
    }

    /** wake_up_interruptible_all: the state changed, every sleeper re-checks its condition. */
    public void wakeUp() {
        List<SleepingCall<?>> now;
        synchronized (this) {
            if (sleepers.isEmpty()) {
                return;
            }
            now = new ArrayList<>(sleepers);
        }
        for (SleepingCall<?> c : now) {
            c.retry();
        }
    }
}
