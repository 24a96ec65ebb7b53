package vkernel.vfs.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;

/**
 * ep_poll (fs/eventpoll.c) across layers: one epoll_wait, or one poll of an epoll file.
 *
 * <p>A look asks every item's file at once without waiting, puts the items those answers
 * make ready on the ready list, and reports from it (ep_send_events, with the answers
 * just got). When that reports nothing, epoll_wait sleeps: every item's file is asked
 * with the time left, the owner holding the call on the file's wait queue until one of
 * the item's events is ready (and, for an edge-triggered item, until a wake-up it has not
 * seen). The first answer that makes an item ready ends the sleep, the other calls are
 * cancelled, and a new look reports. An epoll_ctl on the epoll meanwhile makes it look
 * again; the timeout passing makes a last look; a signal (the caller gone) is EINTR.
 */
final class EpWait {
    private final Eventpolls eventpolls;
    private final Eventpoll ep;
    private final Task task;
    private final int maxevents;
    private final long deadline;
    /** A poll of the epoll file itself: reports what is ready without taking it. */
    private final boolean peek;
    private final CurrentCall caller;
    private final Trace syscall;
    private final ScheduledExecutorService timer;
    private final Object vfsLock;
    private final CompletableFuture<Eventpolls.WaitResult> result = new CompletableFuture<>();
    private final Runnable lookAgain = this::lookAgain;
    /** The calls of the current sleep; answers of an earlier sleep (another generation) are ignored. */
    private final List<CompletableFuture<Revents>> registered = new ArrayList<>();
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private int generation;
    private boolean looking;
    private boolean again;
    private boolean done;

    /** deadline: System.nanoTime() at which the timeout passes; Long.MAX_VALUE for none. */
    EpWait(Eventpolls eventpolls, Eventpoll ep, Task task, int maxevents, long deadline, boolean peek, CurrentCall caller,
            Trace syscall, ScheduledExecutorService timer) {
        this.eventpolls = eventpolls;
        this.ep = ep;
        this.task = task;
        this.maxevents = maxevents;
        this.deadline = deadline;
        this.peek = peek;
        this.caller = caller;
        this.syscall = syscall;
        this.timer = timer;
        this.vfsLock = eventpolls.vfs();
    }

    CompletableFuture<Eventpolls.WaitResult> start() {
        ep.addSleeper(lookAgain);
        if (deadline != Long.MAX_VALUE) {
            ScheduledFuture<?> t = timer.schedule(this::look, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            synchronized (this) {
                timers.add(t);
            }
        }
        caller.onInterrupt(this::interrupted);
        look();
        return result;
    }

    /** One look at every item, then a report, or a sleep when there is nothing to report and time left. */
    private void look() {
        synchronized (this) {
            if (done) {
                return;
            }
            if (looking) {
                again = true;
                return;
            }
            looking = true;
            again = false;
            cancelSleep();
        }
        List<Epitem> items;
        synchronized (vfsLock) {
            items = ep.items();
        }
        Map<Epitem, CompletableFuture<Revents>> asked = new IdentityHashMap<>();
        for (Epitem epi : items) {
            asked.put(epi, FileTable.call(() -> eventpolls.vfsPoll(task, epi.file, epi.pollEvents(), 0, Revents.LEVEL, syscall)));
        }
        CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).whenComplete((v, err) -> looked(asked));
    }

    /**
     * The report after a look. It is made under this wait's lock, so that a signal either
     * comes first (EINTR, nothing taken from the ready list) or after (the events stand).
     */
    private void looked(Map<Epitem, CompletableFuture<Revents>> asked) {
        List<Eventpolls.Event> events = new ArrayList<>();
        boolean finished;
        boolean lookAgainNow;
        synchronized (this) {
            if (done) {
                return;
            }
            synchronized (vfsLock) {
                Map<Epitem, Revents> fresh = new IdentityHashMap<>();
                asked.forEach((epi, f) -> {
                    if (!f.isCompletedExceptionally()) {
                        Revents r = f.join();
                        fresh.put(epi, r);
                        ep.observe(epi, r);
                    }
                });
                List<Integer> revents = new ArrayList<>();
                List<Epitem> reported = ep.sendEvents(maxevents, fresh, peek, revents);
                for (int i = 0; i < reported.size(); i++) {
                    Epitem epi = reported.get(i);
                    events.add(new Eventpolls.Event(revents.get(i), epi.data));
                    if (!peek && (epi.events & vkernel.uapi.Epoll.EPOLLONESHOT) != 0) {
                        eventpolls.vfs().journal().epitem(ep, epi); // disabled until EPOLL_CTL_MOD
                    }
                }
            }
            looking = false;
            finished = !events.isEmpty() || System.nanoTime() - deadline >= 0;
            if (finished) {
                finish();
            }
            lookAgainNow = again;
        }
        if (finished) {
            result.complete(Eventpolls.WaitResult.of(events));
        } else if (lookAgainNow) {
            look();
        } else {
            sleep();
        }
    }

    /** Every item's file asked with the time left, edge-triggered items for a wake-up they have not seen. */
    private void sleep() {
        int gen;
        synchronized (this) {
            if (done || looking) {
                return;
            }
            gen = ++generation;
        }
        List<Epitem> items;
        synchronized (vfsLock) {
            items = ep.items();
        }
        for (Epitem epi : items) {
            register(gen, epi);
        }
    }

    private void register(int gen, Epitem epi) {
        long afterWake;
        synchronized (vfsLock) {
            afterWake = epi.afterWake();
        }
        CompletableFuture<Revents> f = FileTable.call(
                () -> eventpolls.vfsPoll(task, epi.file, epi.pollEvents(), Select.timeLeftMs(deadline), afterWake, syscall));
        synchronized (this) {
            if (done || gen != generation) {
                f.cancel(true);
                return;
            }
            registered.add(f);
        }
        f.whenComplete((r, err) -> answered(gen, epi, r, err));
    }

    private void answered(int gen, Epitem epi, Revents r, Throwable err) {
        synchronized (this) {
            if (done || gen != generation) {
                return;
            }
        }
        if (err != null) {
            failed(err);
            return;
        }
        boolean ready;
        synchronized (vfsLock) {
            ep.observe(epi, r);
            ready = ep.eventsAvailable();
        }
        if (ready) {
            look();
        } else if (System.nanoTime() - deadline < 0) {
            // The owner did not sleep the time it was given: ask again soon.
            ScheduledFuture<?> t = timer.schedule(() -> register(gen, epi), Select.MULTI_POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
            synchronized (this) {
                timers.add(t);
            }
        }
    }

    /** epoll_ctl changed the interest list: look again (after the look under way, if one is). */
    private void lookAgain() {
        look();
    }

    /** signal_pending: the caller gave up. */
    private void interrupted() {
        synchronized (this) {
            if (done) {
                return;
            }
            finish();
        }
        result.complete(Eventpolls.WaitResult.fail(Errno.ERRNO_EINTR));
    }

    /** The caller of a poll of the epoll file cancelled it: the wait ends, as after a signal. */
    void cancel() {
        interrupted();
    }

    private void failed(Throwable err) {
        synchronized (this) {
            if (done) {
                return;
            }
            finish();
        }
        result.completeExceptionally(err);
    }

    /** Cancels the current sleep's calls; their answers (the cancellations included) belong to a past generation. */
    private void cancelSleep() {
        generation++;
        List<CompletableFuture<Revents>> calls = new ArrayList<>(registered);
        registered.clear();
        calls.forEach(f -> f.cancel(true));
    }

    /** ep_poll's end: every call still held is cancelled, every timer stopped, the epoll no longer told of changes. */
    private void finish() {
        done = true;
        cancelSleep();
        for (ScheduledFuture<?> t : timers) {
            t.cancel(false);
        }
        timers.clear();
        ep.removeSleeper(lookAgain);
    }
}
