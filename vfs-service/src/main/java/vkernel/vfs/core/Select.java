package vkernel.vfs.core;

import java.util.ArrayList;
import java.util.List;
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
     * Follows fs/select.c:do_sys_poll: look at every fd; if none is ready, look again
     * until the timeout (negative: none) or a signal (EINTR). One fd with a timeout is
     * waited for by its owner, without looking again. Call it on the thread serving the
     * call. Never completes exceptionally: a failed wait is EINTR.
     */
    public CompletableFuture<PollResult> doSysPoll(Task t, List<Pollfd> fds, int timeoutMs, Trace syscall) {
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

    private CompletableFuture<PollResult> pollOnce(Task t, List<Pollfd> fds, int timeoutMs, Trace syscall) {
        List<CompletableFuture<Integer>> masks = new ArrayList<>(fds.size());
        for (Pollfd pfd : fds) {
            masks.add(doPollfd(t, pfd, timeoutMs, syscall));
        }
        return CompletableFuture.allOf(masks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Integer> revents = new ArrayList<>(masks.size());
            int ready = 0;
            for (CompletableFuture<Integer> m : masks) {
                int mask = m.join();
                if (mask != 0) {
                    ready++;
                }
                revents.add(mask);
            }
            return new PollResult(ready, Errno.ERRNO_UNSPECIFIED, revents);
        });
    }

    /** Follows fs/select.c:do_pollfd: 0 for a negative fd, POLLNVAL for a closed one; the mask filtered by events | POLLERR | POLLHUP. */
    private CompletableFuture<Integer> doPollfd(Task t, Pollfd pfd, int timeoutMs, Trace syscall) {
        if (pfd.fd() < 0) {
            return CompletableFuture.completedFuture(0);
        }
        File f = vfs.fget(t, pfd.fd());
        if (f == null) {
            return CompletableFuture.completedFuture(Poll.POLLNVAL);
        }
        int filter = (pfd.events() & 0xffff) | Poll.POLLERR | Poll.POLLHUP;
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return CompletableFuture.completedFuture(DEFAULT_POLLMASK & filter);
        }
        FileOperations ops = fileTable.ownerOf(f.inode().fsType());
        if (ops == null) {
            return CompletableFuture.completedFuture(Poll.POLLNVAL);
        }
        return FileTable.call(() -> ops.poll(t.cred(), f.inode().ino(), pfd.events(), timeoutMs, syscall))
                .thenApply(mask -> mask & filter);
    }
}
