package vkernel.inet.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The kernel's timer wheel, as the stack uses it: run a task once after a delay, or cancel it. */
public interface Timers {
    Cancel schedule(long delayMillis, Runnable task);

    /** The clock deadlines are recorded in (wall-clock milliseconds): a restored stack re-arms from it. */
    default long nowMillis() {
        return System.currentTimeMillis();
    }

    interface Cancel {
        void cancel();
    }

    Cancel NOTHING = () -> {};

    static Timers of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay, TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }
}
