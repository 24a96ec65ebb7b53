package vkernel.runtime.limit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many calls each task has in flight in this layer. A task's calls are its threads
 * in a syscall; past the limit the next one is refused (EAGAIN, as clone(2) is past
 * RLIMIT_NPROC), so that one task cannot hold every thread and every byte of a layer.
 */
final class TaskCallsInFlight {
    private final int limit;
    private final ConcurrentHashMap<Integer, Integer> inFlight = new ConcurrentHashMap<>();

    TaskCallsInFlight(int limit) {
        this.limit = limit;
    }

    /** Counts a call of pid in; false (nothing counted) when pid already has limit calls in flight. */
    boolean enter(int pid) {
        boolean[] taken = {false};
        inFlight.compute(pid, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= limit) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** The call ended (answered, failed or cancelled). */
    void exit(int pid) {
        inFlight.computeIfPresent(pid, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Calls in flight for pid (0 when none). */
    int of(int pid) {
        return inFlight.getOrDefault(pid, 0);
    }

    /** Tasks with a call in flight (a gauge: back to 0 when the kernel is idle). */
    int tasks() {
        return inFlight.size();
    }
}
