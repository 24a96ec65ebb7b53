package vkernel.net.core;

import java.util.ArrayList;
import java.util.List;

/**
 * wait_queue_head_t: the calls sleeping on a socket. A call that cannot complete
 * registers here instead of holding a thread; wake_up makes every sleeper try again.
 */
public final class WaitQueue {
    private final List<SleepingCall<?>> sleepers = new ArrayList<>();
    /**
     * Wake-ups so far, counted when the state changes (under the owner's lock), for epoll's
     * edge trigger. The count starts at the clock (milliseconds × 2^20), so that it never goes
     * back when a layer restarts and its socks get new queues: an epoll item that saw count N
     * on the old queue waits for a count above N, which the new queue's first count already is
     * (a queue would need 2^20 wake-ups a millisecond to catch up with the clock).
     */
    private volatile long wakes = System.currentTimeMillis() << 20;

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
