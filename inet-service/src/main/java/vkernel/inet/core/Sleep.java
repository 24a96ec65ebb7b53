package vkernel.inet.core;

import vkernel.kernel.trace.Trace;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import vkernel.kernel.sched.CurrentCall;
import vkernel.net.core.SleepingCall;

/**
 * sk_wait_event for this family: a blocking call is an attempt re-run under the
 * namespace lock each time the sock's wait queue is woken. The attempt gets whether it
 * may still sleep (false when non-blocking or once the timeout passed, so it answers
 * EAGAIN at the point the kernel would); a cancelled call answers as a signal would.
 * Segments an attempt sent are processed and what it changed is recorded before the lock
 * is left, and wake-ups are delivered before the reply goes out.
 *
 * <p>A signal that lands after part of the work was done (bytes already received or
 * sent) makes the kernel return that part. Here the signal is the caller's deadline,
 * and the answer to a cancelled call is lost; so a call with a deadline and partial
 * progress answers with its progress just before the deadline instead.
 */
final class Sleep {
    /**
     * How long before the caller's deadline a partial result is sent, to arrive in time
     * through socket-service on a loaded machine (60 ms was seen to arrive late at a load
     * of 15 on 2 cores). Nothing else happens to the socket in between that the caller
     * could tell apart: its own call is still the one blocked.
     */
    static final long DEADLINE_MARGIN_MILLIS = 250;

    private Sleep() {}

    /**
     * An attempt may run on the thread of whoever woke it; a bug there must not land on
     * that caller. It ends this call as a signal would, and is logged.
     */
    private static <T> T safely(Supplier<T> attempt, Supplier<T> onBug) {
        try {
            return attempt.get();
        } catch (RuntimeException e) {
            System.getLogger(Sleep.class.getName()).log(System.Logger.Level.ERROR, "a sleeping call failed unexpectedly", e);
            return onBug.get();
        }
    }

    static <T> void on(InetSock sk, Trace t, long timeoutMillis, Function<Boolean, T> attempt, Supplier<T> interrupted,
            Consumer<T> reply) {
        on(sk, t, timeoutMillis, attempt, interrupted, null, reply);
    }

    /** As above; partial gives the result a signal would return now, or null when it would return EINTR. */
    static <T> void on(InetSock sk, Trace t, long timeoutMillis, Function<Boolean, T> attempt, Supplier<T> interrupted,
            Supplier<T> partial, Consumer<T> reply) {
        Net net = sk.net;
        long timeout = timeoutMillis;
        boolean beforeDeadline = false;
        long toDeadline = CurrentCall.get().millisToDeadline();
        if (partial != null && toDeadline != CurrentCall.NO_DEADLINE && timeoutMillis != 0) {
            long untilSignal = Math.max(1, toDeadline - DEADLINE_MARGIN_MILLIS);
            if (timeoutMillis < 0 || untilSignal < timeoutMillis) {
                timeout = untilSignal;
                beforeDeadline = true;
            }
        }
        boolean signalTimer = beforeDeadline;
        SleepingCall.run(net, sk.wq, timeout,
                () -> net.traced(t, () -> safely(() -> {
                    T r = attempt.apply(timeoutMillis != 0);
                    net.drain();
                    net.journal.flush();
                    return r;
                }, interrupted)),
                () -> net.traced(t, () -> safely(() -> {
                    T r = signalTimer ? partial.get() : attempt.apply(false);
                    net.drain();
                    net.journal.flush();
                    return r;
                }, interrupted)),
                () -> net.traced(t, interrupted),
                r -> {
                    net.flushWakeups();
                    if (r != null) { // null: the deadline came with nothing to report; the caller sees it expire
                        reply.accept(r);
                    }
                });
        net.flushWakeups();
    }
}
