package vkernel.net.core;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import vkernel.kernel.sched.CurrentCall;

/**
 * sk_wait_event without a thread: a blocking call is an attempt re-run whenever a
 * queue it sleeps on is woken, until it completes, its timeout passes (SO_RCVTIMEO,
 * poll's timeout), or it is interrupted — the caller giving up ({@link CurrentCall}:
 * deadline, client gone) is the signal, as a signal interrupts a sleeping task.
 *
 * <p>The attempt runs under the caller's lock and returns null while it would block;
 * the reply is sent outside the lock.
 */
public final class SleepingCall<T> {
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sleeping-call-timers");
        t.setDaemon(true);
        return t;
    });

    private final Object lock;
    private final WaitQueue[] queues;
    private final Supplier<T> attempt;
    private final Supplier<T> onTimeout;
    private final Supplier<T> onInterrupt;
    private final Consumer<T> reply;
    private ScheduledFuture<?> timer;
    private boolean done;

    private SleepingCall(Object lock, WaitQueue[] queues, Supplier<T> attempt, Supplier<T> onTimeout,
            Supplier<T> onInterrupt, Consumer<T> reply) {
        this.lock = lock;
        this.queues = queues;
        this.attempt = attempt;
        this.onTimeout = onTimeout;
        this.onInterrupt = onInterrupt;
        this.reply = reply;
    }

    /**
     * Runs attempt now; if it would block (null), sleeps on the queues for at most
     * timeoutMillis (0: do not sleep, answer onTimeout at once; negative: no limit).
     */
    public static <T> void run(Object lock, WaitQueue[] queues, long timeoutMillis, Supplier<T> attempt,
            Supplier<T> onTimeout, Supplier<T> onInterrupt, Consumer<T> reply) {
        SleepingCall<T> call = new SleepingCall<>(lock, queues, attempt, onTimeout, onInterrupt, reply);
        T result;
        synchronized (lock) {
            result = attempt.get();
            if (result == null && timeoutMillis == 0) {
                result = onTimeout.get();
            }
            if (result == null) {
                for (WaitQueue q : queues) {
                    q.add(call);
                }
                if (timeoutMillis > 0) {
                    call.timer = TIMERS.schedule(call::timeout, timeoutMillis, TimeUnit.MILLISECONDS);
                }
            }
        }
        if (result != null) {
            reply.accept(result);
            return;
        }
        CurrentCall.get().onInterrupt(call::interrupt);
    }

    /** Convenience for one queue. */
    public static <T> void run(Object lock, WaitQueue queue, long timeoutMillis, Supplier<T> attempt,
            Supplier<T> onTimeout, Supplier<T> onInterrupt, Consumer<T> reply) {
        run(lock, new WaitQueue[] {queue}, timeoutMillis, attempt, onTimeout, onInterrupt, reply);
    }

    void retry() {
        T result;
        synchronized (lock) {
            if (done) {
                return;
            }
            result = attempt.get();
            if (result == null) {
                return;
            }
            finish();
        }
        reply.accept(result);
    }

    private void timeout() {
        T result;
        synchronized (lock) {
            if (done) {
                return;
            }
            // One last look: the event may have come with the timer.
            result = attempt.get();
            if (result == null) {
                result = onTimeout.get();
            }
            finish();
        }
        reply.accept(result);
    }

    private void interrupt() {
        T result;
        synchronized (lock) {
            if (done) {
                return;
            }
            result = onInterrupt.get();
            finish();
        }
        reply.accept(result);
    }

    private void finish() {
        done = true;
        for (WaitQueue q : queues) {
            q.remove(this);
        }
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
