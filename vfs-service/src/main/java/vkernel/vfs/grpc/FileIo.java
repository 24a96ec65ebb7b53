package vkernel.vfs.grpc;

import com.google.protobuf.ByteString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vkernel.errno.v1.Errno;
import vkernel.runtime.events.Step;
import vkernel.runtime.grpc.Futures;
import vkernel.uapi.Poll;
import vkernel.vfs.core.File;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;
import vkernel.vfs.v1.FileOperationsServicePollRequest;
import vkernel.vfs.v1.FileOperationsServicePollResponse;
import vkernel.vfs.v1.PollFd;
import vkernel.vfs.v1.PollResponse;
import vkernel.vfs.v1.ReadIterRequest;
import vkernel.vfs.v1.ReadResponse;
import vkernel.vfs.v1.WriteIterRequest;
import vkernel.vfs.v1.WriteResponse;

/**
 * read, write and poll (fs/read_write.c, fs/select.c): checked here against the
 * file's mode, then served by the file's operations — the null device here, sockfs
 * files by their owner.
 */
@ApplicationScoped
public class FileIo {
    /** DEFAULT_POLLMASK: what a file without a poll operation reports. */
    private static final int DEFAULT_POLLMASK = Poll.POLLIN | Poll.POLLOUT | Poll.POLLRDNORM | Poll.POLLWRNORM;
    /** How often a poll on several sockets looks again while it waits. */
    private static final long MULTI_POLL_INTERVAL_MS = 5;
    private static final ScheduledExecutorService POLL_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vfs-poll");
        t.setDaemon(true);
        return t;
    });

    @Inject
    VfsState state;

    @Inject
    FileOwners owners;

    public CompletableFuture<ReadResponse> read(Task t, int fd, long count, Step step) {
        File f = state.vfs().fget(t, fd);
        if (f == null || !f.readable()) {
            return done(ReadResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EBADF).build());
        }
        if (Vfs.NULLFS.equals(f.inode().fsType()) || count == 0) {
            return done(ReadResponse.getDefaultInstance()); // end of file; a zero-length read is 0
        }
        var stub = owners.stub(f.inode().fsType());
        if (stub == null) {
            return done(ReadResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build());
        }
        ReadIterRequest req = ReadIterRequest.newBuilder().setCred(t.cred()).setIno(f.inode().ino())
                .setCount(count).setFFlags(f.fFlags()).build();
        return step.within(() -> Futures.of(stub.readIter(req))).thenApply(r -> ReadResponse.newBuilder()
                .setRet(r.getRet()).setErrno(r.getErrno()).setData(r.getData()).build());
    }

    public CompletableFuture<WriteResponse> write(Task t, int fd, ByteString data, Step step) {
        File f = state.vfs().fget(t, fd);
        if (f == null || !f.writable()) {
            return done(WriteResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EBADF).build());
        }
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return done(WriteResponse.newBuilder().setRet(data.size()).build()); // swallowed
        }
        var stub = owners.stub(f.inode().fsType());
        if (stub == null) {
            return done(WriteResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build());
        }
        WriteIterRequest req = WriteIterRequest.newBuilder().setCred(t.cred()).setIno(f.inode().ino())
                .setData(data).setFFlags(f.fFlags()).build();
        return step.within(() -> Futures.of(stub.writeIter(req))).thenApply(r -> WriteResponse.newBuilder()
                .setRet(r.getRet()).setErrno(r.getErrno()).build());
    }

    /** do_sys_poll: look at every fd; if none is ready, wait for the timeout. */
    public CompletableFuture<PollResponse> poll(Task t, List<PollFd> fds, int timeoutMs, Step step) {
        if (fds.size() == 1 && timeoutMs != 0) {
            // One fd: its owner waits for us, no polling loop.
            return pollOnce(t, fds, timeoutMs, step);
        }
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        CompletableFuture<PollResponse> result = new CompletableFuture<>();
        pollLoop(t, fds, deadline, step, result, io.grpc.Context.current());
        return result;
    }

    private void pollLoop(Task t, List<PollFd> fds, long deadline, Step step, CompletableFuture<PollResponse> result,
            io.grpc.Context caller) {
        pollOnce(t, fds, 0, step).whenComplete((r, err) -> {
            if (err != null) {
                result.completeExceptionally(err);
            } else if (r.getRet() != 0 || System.nanoTime() >= deadline) {
                result.complete(r);
            } else if (caller.isCancelled()) {
                result.complete(PollResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EINTR).build());
            } else {
                POLL_TIMER.schedule(() -> pollLoop(t, fds, deadline, step, result, caller), MULTI_POLL_INTERVAL_MS,
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    private CompletableFuture<PollResponse> pollOnce(Task t, List<PollFd> fds, int timeoutMs, Step step) {
        List<CompletableFuture<Integer>> masks = new ArrayList<>(fds.size());
        for (PollFd pfd : fds) {
            masks.add(pollFd(t, pfd, timeoutMs, step));
        }
        return CompletableFuture.allOf(masks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            PollResponse.Builder b = PollResponse.newBuilder();
            int ready = 0;
            for (CompletableFuture<Integer> m : masks) {
                int revents = m.join();
                if (revents != 0) {
                    ready++;
                }
                b.addRevents(revents);
            }
            return b.setRet(ready).build();
        });
    }

    /** do_pollfd: POLLNVAL for a closed fd; the file's mask filtered by events | POLLERR | POLLHUP. */
    private CompletableFuture<Integer> pollFd(Task t, PollFd pfd, int timeoutMs, Step step) {
        if (pfd.getFd() < 0) {
            return done(0);
        }
        File f = state.vfs().fget(t, pfd.getFd());
        if (f == null) {
            return done(Poll.POLLNVAL);
        }
        int filter = (pfd.getEvents() & 0xffff) | Poll.POLLERR | Poll.POLLHUP;
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return done(DEFAULT_POLLMASK & filter);
        }
        var stub = owners.stub(f.inode().fsType());
        if (stub == null) {
            return done(Poll.POLLNVAL);
        }
        FileOperationsServicePollRequest req = FileOperationsServicePollRequest.newBuilder().setCred(t.cred()).setIno(f.inode().ino())
                .setEvents(pfd.getEvents()).setTimeoutMs(timeoutMs).build();
        return step.within(() -> Futures.of(stub.poll(req))).thenApply((FileOperationsServicePollResponse r) -> r.getRevents() & filter);
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
