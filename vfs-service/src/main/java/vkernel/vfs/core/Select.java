package vkernel.vfs.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Poll;

/**
 * poll(2) (fs/select.c): each fd's mask from its file's operations; when none is ready,
 * sleeps on the files' wait queues ({@link PollWqueues}) until one is or the timeout passes.
 */
public final class Select {
    /** DEFAULT_POLLMASK: what a file without a poll operation reports. */
    static final int DEFAULT_POLLMASK = Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDNORM | Poll.POLLWRNORM;
    /** How often a file whose owner cannot sleep on its wait queue is looked at again while poll waits. */
    static final long MULTI_POLL_INTERVAL_MS = 5;

    /** struct pollfd, as the caller gave it. */
    public record Pollfd(int fd, int events) {}

    /** What poll returns: the number of ready fds (or -1 and errno) and each fd's revents. */
    public record PollResult(int ret, Errno errno, List<Integer> revents) {
        static PollResult fail(Errno errno) {
            return new PollResult(-1, errno, List.of());
        }
    }

    /**
     * The entries of one pass resolved to their files (fdget of each): per entry its file
     * (null for a negative or closed fd), per distinct inode one file and the union of
     * the events its entries ask (a file's poll reports its whole state; each entry then
     * keeps what it asked for), so a pass costs one owner call per file, never per entry.
     */
    record Pass(List<Pollfd> fds, List<File> files, Map<Long, File> byIno, Map<Long, Integer> events) {}

    private final Vfs vfs;
    private final FileTable fileTable;
    private final ScheduledExecutorService timer;
    private final Supplier<CurrentCall> currentCall;
    private final Eventpolls eventpolls;

    /** A Select with epoll files of its own (for a Vfs whose files are never epoll files elsewhere). */
    public Select(Vfs vfs, FileTable fileTable, ScheduledExecutorService timer) {
        this(vfs, fileTable, new Eventpolls(vfs, fileTable, timer), timer, CurrentCall::get);
    }

    public Select(Vfs vfs, FileTable fileTable, ScheduledExecutorService timer, Supplier<CurrentCall> currentCall) {
        this(vfs, fileTable, new Eventpolls(vfs, fileTable, timer, currentCall), timer, currentCall);
    }

    public Select(Vfs vfs, FileTable fileTable, Eventpolls eventpolls, ScheduledExecutorService timer) {
        this(vfs, fileTable, eventpolls, timer, CurrentCall::get);
    }

    public Select(Vfs vfs, FileTable fileTable, Eventpolls eventpolls, ScheduledExecutorService timer,
            Supplier<CurrentCall> currentCall) {
        this.vfs = vfs;
        this.fileTable = fileTable;
        this.eventpolls = eventpolls;
        this.timer = timer;
        this.currentCall = currentCall;
    }

    /**
     * Follows fs/select.c:sys_poll and do_sys_poll. sys_poll turns timeout_msecs into an
     * end time first (any int is valid: negative waits for ever); do_sys_poll then refuses
     * nfds above the soft RLIMIT_NOFILE with EINVAL before it copies or looks at any
     * entry. Then do_poll: a timeout of 0 is one look at every fd; otherwise, unless an fd
     * is ready without asking its owner (closed, the null device), poll sleeps on every
     * file at once until one is ready, the timeout passes, or a signal (EINTR). Call it on
     * the thread serving the call. Never completes exceptionally: a failed wait is EINTR.
     */
    public CompletableFuture<PollResult> doSysPoll(Task t, List<Pollfd> fds, int timeoutMs, Trace syscall) {
        return doSysPoll(t, fds.size(), () -> fds, timeoutMs, syscall);
    }

    /**
     * As above, with the entries given lazily: nfds is checked against RLIMIT_NOFILE
     * before {@code ufds} is asked for them (copy_from_user comes after the check).
     */
    public CompletableFuture<PollResult> doSysPoll(Task t, long nfds, Supplier<List<Pollfd>> ufds, int timeoutMs,
            Trace syscall) {
        if (Long.compareUnsigned(nfds, t.nofileSoft()) > 0) {
            return CompletableFuture.completedFuture(PollResult.fail(Errno.ERRNO_EINVAL));
        }
        List<Pollfd> fds = ufds.get();
        Pass pass = fdget(t, fds);
        Map<Long, Integer> known = new HashMap<>();
        Map<Long, File> owned = new LinkedHashMap<>();
        pass.byIno().forEach((ino, f) -> {
            Integer mask = localMask(f);
            if (mask != null) {
                known.put(ino, mask);
            } else {
                owned.put(ino, f);
            }
        });
        CompletableFuture<PollResult> r;
        if (timeoutMs == 0 || revents(pass, ino -> known.getOrDefault(ino, 0)).ret() > 0) {
            // Nothing to wait for, or something is ready already: one look answers.
            r = look(t, pass, syscall);
        } else {
            long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            r = new PollWqueues(this, t, pass, owned, known, deadline, currentCall.get(), syscall, timer).start();
        }
        return r.exceptionally(err -> PollResult.fail(Errno.ERRNO_EINTR));
    }

    /** One pass of do_poll over every entry, none of them waiting: fdget again, then each distinct file's mask. */
    CompletableFuture<PollResult> look(Task t, List<Pollfd> fds, Trace syscall) {
        return look(t, fdget(t, fds), syscall);
    }

    private CompletableFuture<PollResult> look(Task t, Pass pass, Trace syscall) {
        Map<Long, CompletableFuture<Integer>> masks = new HashMap<>();
        pass.byIno().forEach((ino, f) -> masks.put(ino, vfsPoll(t, f, pass.events().get(ino), 0, syscall)));
        return CompletableFuture.allOf(masks.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> revents(pass, ino -> masks.get(ino).join()));
    }

    private Pass fdget(Task t, List<Pollfd> fds) {
        List<File> files = new ArrayList<>(fds.size());
        Map<Long, File> byIno = new LinkedHashMap<>();
        Map<Long, Integer> events = new HashMap<>();
        for (Pollfd pfd : fds) {
            File f = pfd.fd() < 0 ? null : vfs.fget(t, pfd.fd());
            files.add(f);
            if (f != null) {
                byIno.putIfAbsent(f.inode().ino(), f);
                events.merge(f.inode().ino(), pfd.events(), (a, b) -> a | b);
            }
        }
        return new Pass(fds, files, byIno, events);
    }

    /**
     * do_pollfd for every entry, given each distinct file's mask: 0 for a negative fd,
     * POLLNVAL for a closed one, else the file's mask filtered by the entry's events
     * | POLLERR | POLLHUP; ret counts the entries with a non-zero revents.
     */
    static PollResult revents(Pass pass, LongFunction<Integer> maskOfIno) {
        List<Integer> revents = new ArrayList<>(pass.fds().size());
        int ready = 0;
        for (int i = 0; i < pass.fds().size(); i++) {
            Pollfd pfd = pass.fds().get(i);
            File f = pass.files().get(i);
            int mask;
            if (f == null) {
                mask = pfd.fd() < 0 ? 0 : Poll.POLLNVAL;
            } else {
                mask = maskOfIno.apply(f.inode().ino());
                if (mask != Poll.POLLNVAL) {
                    mask &= (pfd.events() & 0xffff) | Poll.POLLERR | Poll.POLLHUP;
                }
            }
            if (mask != 0) {
                ready++;
            }
            revents.add(mask);
        }
        return new PollResult(ready, Errno.ERRNO_UNSPECIFIED, revents);
    }

    /**
     * The time a sleep with this deadline (System.nanoTime(); Long.MAX_VALUE for none) has left,
     * as an owner's timeout: -1 for none, else milliseconds rounded up, as poll's and
     * epoll_wait's timeouts are, so that an owner never answers "nothing" before the deadline.
     */
    static int timeLeftMs(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            return -1;
        }
        long left = deadline - System.nanoTime();
        return left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    /** Whether a mask makes a file ready for an entry asking events (what do_pollfd counts). */
    static boolean ready(int mask, int events) {
        return mask == Poll.POLLNVAL || (mask & ((events & 0xffff) | Poll.POLLERR | Poll.POLLHUP)) != 0;
    }

    /**
     * The mask of a file known here without asking an owner, which never changes while
     * poll waits: the default for one without a poll operation, POLLNVAL when its owner
     * is gone; null when its owner answers.
     */
    private Integer localMask(File f) {
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return DEFAULT_POLLMASK;
        }
        if (Eventpolls.isEpoll(f)) {
            return null;
        }
        return fileTable.ownerOf(f.inode().fsType()) == null ? Poll.POLLNVAL : null;
    }

    /**
     * vfs_poll on one file (do_pollfd's call): an epoll file's, or its owner's f_op->poll,
     * which waits up to timeoutMs for one of events, or the mask known here. Cancelling
     * the answer cancels the owner's wait.
     */
    CompletableFuture<Integer> vfsPoll(Task t, File f, int events, int timeoutMs, Trace syscall) {
        CompletableFuture<vkernel.kernel.sched.Revents> asked = FileTable.call(
                () -> eventpolls.vfsPoll(t, f, events, timeoutMs, vkernel.kernel.sched.Revents.LEVEL, syscall));
        CompletableFuture<Integer> mask = asked.thenApply(vkernel.kernel.sched.Revents::mask);
        mask.whenComplete((m, err) -> {
            if (mask.isCancelled()) {
                asked.cancel(true); // poll_freewait: the owner stops waiting too
            }
        });
        return mask;
    }
}
