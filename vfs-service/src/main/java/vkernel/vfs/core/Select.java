package vkernel.vfs.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Poll;

/** poll(2) (fs/select.c): each fd's mask from its file's operations; waits for the timeout if none is ready. */
public final class Select {
    /** DEFAULT_POLLMASK: what a file without a poll operation reports. */
    static final int DEFAULT_POLLMASK = Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDNORM | Poll.POLLWRNORM;
    /** How often a poll on several files looks again while it waits. */
    static final long MULTI_POLL_INTERVAL_MS = 5;

    /** struct pollfd, as the caller gave it. */
    public record Pollfd(int fd, int events) {}

    /** What poll returns: the number of ready fds (or -1 and errno) and each fd's revents. */
    public record PollResult(int ret, Errno errno, List<Integer> revents) {
        static PollResult fail(Errno errno) {
            return new PollResult(-1, errno, List.of());
        }
    }

    private final Vfs vfs;
    private final FileTable fileTable;
    private final ScheduledExecutorService timer;
    private final Supplier<CurrentCall> currentCall;

    public Select(Vfs vfs, FileTable fileTable, ScheduledExecutorService timer) {
        this(vfs, fileTable, timer, CurrentCall::get);
    }

    public Select(Vfs vfs, FileTable fileTable, ScheduledExecutorService timer, Supplier<CurrentCall> currentCall) {
        this.vfs = vfs;
        this.fileTable = fileTable;
        this.timer = timer;
        this.currentCall = currentCall;
    }

    /**
     * Follows fs/select.c:sys_poll and do_sys_poll. sys_poll turns timeout_msecs into an
     * end time first (any int is valid: negative waits for ever); do_sys_poll then refuses
     * nfds above the soft RLIMIT_NOFILE with EINVAL before it copies or looks at any
     * entry. Then: look at every fd; if none is ready, look again until the timeout or a
     * signal (EINTR). One fd with a timeout is waited for by its owner, without looking
     * again. Call it on the thread serving the call. Never completes exceptionally: a
     * failed wait is EINTR.
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
        if (fds.size() == 1 && timeoutMs != 0) {
            return pollOnce(t, fds, timeoutMs, syscall).exceptionally(err -> PollResult.fail(Errno.ERRNO_EINTR));
        }
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        CompletableFuture<PollResult> result = new CompletableFuture<>();
        pollLoop(t, fds, deadline, syscall, result, currentCall.get());
        return result.exceptionally(err -> PollResult.fail(Errno.ERRNO_EINTR));
    }

    private void pollLoop(Task t, List<Pollfd> fds, long deadline, Trace syscall, CompletableFuture<PollResult> result,
            CurrentCall caller) {
        pollOnce(t, fds, 0, syscall).whenComplete((r, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else if (r.ret() != 0 || System.nanoTime() >= deadline) {
                result.complete(r);
            } else if (caller.interrupted()) {
                result.complete(PollResult.fail(Errno.ERRNO_EINTR));
            } else {
                timer.schedule(() -> pollLoop(t, fds, deadline, syscall, result, caller), MULTI_POLL_INTERVAL_MS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * One look at every entry. Entries on the same inode share one call to its owner,
     * asked for the union of their events (a file's poll reports its whole state; each
     * entry then keeps what it asked for): a look costs one inner call per distinct file,
     * never one per entry.
     */
    private CompletableFuture<PollResult> pollOnce(Task t, List<Pollfd> fds, int timeoutMs, Trace syscall) {
        Map<Long, Integer> eventsByIno = new HashMap<>();
        List<File> files = new ArrayList<>(fds.size());
        for (Pollfd pfd : fds) {
            File f = pfd.fd() < 0 ? null : vfs.fget(t, pfd.fd());
            files.add(f);
            if (f != null) {
                eventsByIno.merge(f.inode().ino(), pfd.events(), (a, b) -> a | b);
            }
        }
        Map<Long, CompletableFuture<Integer>> byIno = new HashMap<>();
        for (File f : files) {
            if (f != null) {
                byIno.computeIfAbsent(f.inode().ino(), ino -> vfsPoll(t, f, eventsByIno.get(ino), timeoutMs, syscall));
            }
        }
        return CompletableFuture.allOf(byIno.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Integer> revents = new ArrayList<>(fds.size());
            int ready = 0;
            for (int i = 0; i < fds.size(); i++) {
                Pollfd pfd = fds.get(i);
                File f = files.get(i);
                int mask;
                if (f == null) {
                    mask = pfd.fd() < 0 ? 0 : Poll.POLLNVAL;
                } else {
                    mask = byIno.get(f.inode().ino()).join();
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
        });
    }

    /**
     * vfs_poll on one file (do_pollfd's call): the default mask for a file without a poll
     * operation, POLLNVAL when its owner is gone. do_pollfd's 0 for a negative fd,
     * POLLNVAL for a closed one and the filter by events | POLLERR | POLLHUP are in pollOnce.
     */
    private CompletableFuture<Integer> vfsPoll(Task t, File f, int events, int timeoutMs, Trace syscall) {
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return CompletableFuture.completedFuture(DEFAULT_POLLMASK);
        }
        FileOperations ops = fileTable.ownerOf(f.inode().fsType());
        if (ops == null) {
            return CompletableFuture.completedFuture(Poll.POLLNVAL);
        }
        return FileTable.call(() -> ops.poll(t.cred(), f.inode().ino(), events, timeoutMs, syscall));
    }
}
