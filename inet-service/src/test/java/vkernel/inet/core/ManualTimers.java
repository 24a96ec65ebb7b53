package vkernel.inet.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock the test moves: timers run when {@link #advance} passes their time, on the test's thread. */
public final class ManualTimers implements Timers {
    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {}

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long seq;

    @Override
    public synchronized Cancel schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayMillis, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    /** Runs, in time order, every task due within the next millis. */
    public void advance(long millis) {
        long until = now + millis;
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due() <= until)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = next.due();
            }
            if (!next.cancelled()[0]) {
                next.run().run();
            }
        }
    }

    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
