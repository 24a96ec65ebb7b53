package vkernel.vfs.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.trace.Trace;

/**
 * do_poll's sleep (fs/select.c: struct poll_wqueues, poll_schedule_timeout) across
 * layers. Each polled file is registered once: a poll call to its owner with the time
 * left, which the owner holds on the file's wait queue until the file is ready or the
 * time has passed. Nothing is asked again meanwhile, so an idle poll costs no work.
 *
 * <p>The first file that answers ready ends the sleep: the other registrations are
 * cancelled (poll_freewait; the owner sees its caller gone) and one more look at every
 * entry gathers all that are ready, as do_poll's pass after a wake-up reports every
 * ready fd together. When every file has answered "nothing" at the timeout, those
 * answers are the last pass and poll returns 0. A signal (the caller gone) is EINTR.
 *
 * <p>An owner that answers "nothing" before the time it was given has not slept on its
 * wait queue (it cannot: an owner without sleeping polls); that file alone is asked
 * again every {@link Select#MULTI_POLL_INTERVAL_MS}, as every file was before owners slept.
 */
final class PollWqueues {
    private final Select select;
    private final Task task;
    private final Select.Pass pass;
    /** The files whose owners are asked, by inode. */
    private final Map<Long, File> owned;
    /** The masks of the other files, known without asking; they never change. */
    private final Map<Long, Integer> known;
    private final long deadline;
    private final CurrentCall caller;
    private final Trace syscall;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Select.PollResult> result = new CompletableFuture<>();
    /** Registrations the owners hold now. */
    private final Map<Long, CompletableFuture<Integer>> registered = new HashMap<>();
    /** Files still waited for: not yet answered at or after the deadline. */
    private final Set<Long> waiting = new HashSet<>();
    /** Each file's latest answer. */
    private final Map<Long, Integer> masks = new HashMap<>();
    /** Per file, the next look at a file whose owner does not sleep; under -1, poll's own timeout. */
    private final Map<Long, ScheduledFuture<?>> timers = new HashMap<>();
    private boolean done;

    /** deadline: System.nanoTime() at which the timeout passes; Long.MAX_VALUE for none. */
    PollWqueues(Select select, Task task, Select.Pass pass, Map<Long, File> owned, Map<Long, Integer> known, long deadline,
            CurrentCall caller, Trace syscall, ScheduledExecutorService timer) {
        this.select = select;
        this.task = task;
        this.pass = pass;
        this.owned = owned;
        this.known = known;
        this.deadline = deadline;
        this.caller = caller;
        this.syscall = syscall;
        this.timer = timer;
    }

    /** Registers every file and sleeps; completes with poll's answer, exceptionally when an owner failed. */
    CompletableFuture<Select.PollResult> start() {
        synchronized (this) {
            waiting.addAll(owned.keySet());
            if (owned.isEmpty() && deadline != Long.MAX_VALUE) {
                // Nothing here can become ready: poll sleeps out its timeout.
                timers.put(-1L, timer.schedule(this::timedOut, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        }
        caller.onInterrupt(this::interrupted);
        for (long ino : owned.keySet()) {
            register(ino);
        }
        return result;
    }

    /** One registration: the file's poll with the time left (negative: none), the last one non-blocking. */
    private void register(long ino) {
        int timeoutMs;
        synchronized (this) {
            if (done) {
                return;
            }
            timeoutMs = Select.timeLeftMs(deadline);
        }
        if (caller.interrupted()) {
            interrupted();
            return;
        }
        CompletableFuture<Integer> f = select.vfsPoll(task, owned.get(ino), pass.events().get(ino), timeoutMs, syscall);
        synchronized (this) {
            if (done) {
                f.cancel(true);
                return;
            }
            registered.put(ino, f);
        }
        f.whenComplete((mask, err) -> answered(ino, f, mask, err));
    }

    private void answered(long ino, CompletableFuture<Integer> f, Integer mask, Throwable err) {
        boolean woken = false;
        boolean timedOut = false;
        synchronized (this) {
            if (done || registered.get(ino) != f) {
                return;
            }
            registered.remove(ino);
            if (err != null) {
                finish();
            } else {
                masks.put(ino, mask);
                if (Select.ready(mask, pass.events().get(ino))) {
                    finish();
                    woken = true;
                } else if (System.nanoTime() - deadline < 0) {
                    // The owner did not sleep the time it was given: look again soon.
                    timers.put(ino, timer.schedule(() -> register(ino), Select.MULTI_POLL_INTERVAL_MS, TimeUnit.MILLISECONDS));
                } else {
                    waiting.remove(ino);
                    timedOut = waiting.isEmpty();
                    if (timedOut) {
                        finish();
                    }
                }
            }
        }
        if (err != null) {
            result.completeExceptionally(err);
        } else if (woken) {
            gather();
        } else if (timedOut) {
            result.complete(Select.revents(pass, this::maskOf));
        }
    }

    /**
     * The pass after a wake-up: one look at every entry, none waiting. With one file the
     * answer that woke poll is that pass already. Should the look find nothing (another
     * task took what was ready meanwhile), the answers that woke poll stand, so that a
     * wake-up is never reported as a timeout.
     */
    private void gather() {
        Select.PollResult woke = Select.revents(pass, this::maskOf);
        if (owned.size() == 1) {
            result.complete(woke);
            return;
        }
        select.look(task, pass.fds(), syscall).whenComplete((r, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else {
                result.complete(r.ret() > 0 ? r : woke);
            }
        });
    }

    /** A file's latest answer; one not answered counts as nothing ready. */
    private synchronized int maskOf(long ino) {
        Integer mask = masks.get(ino);
        return mask != null ? mask : known.getOrDefault(ino, 0);
    }

    private void timedOut() {
        synchronized (this) {
            if (done) {
                return;
            }
            finish();
        }
        result.complete(Select.revents(pass, this::maskOf));
    }

    /** signal_pending: the caller gave up; the owners are told by the cancelled registrations. */
    private void interrupted() {
        synchronized (this) {
            if (done) {
                return;
            }
            finish();
        }
        result.complete(Select.PollResult.fail(Errno.ERRNO_EINTR));
    }

    /** poll_freewait: every registration still held is cancelled, every timer stopped. */
    private void finish() {
        done = true;
        for (CompletableFuture<Integer> f : registered.values()) {
            f.cancel(true);
        }
        registered.clear();
        for (ScheduledFuture<?> t : timers.values()) {
            t.cancel(false);
        }
        timers.clear();
    }
}
