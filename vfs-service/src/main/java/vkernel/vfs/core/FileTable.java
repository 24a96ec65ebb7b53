package vkernel.vfs.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;

/**
 * The end of a struct file (fs/file_table.c): on the last fput the file's owner
 * releases what the inode stands for, then the inode is evicted. A release the owner
 * could not take (it is down or restarting) is not forgotten: the inode stays, and the
 * release is tried again until the owner takes it, so no socket outlives its last fd.
 */
public final class FileTable {
    private static final System.Logger LOG = System.getLogger(FileTable.class.getName());
    /** Files released at once: an exit of 100,000 fds sends its releases in windows, not all at once. */
    static final int RELEASE_WINDOW = 256;
    private static final long FIRST_RETRY_MS = 200;
    private static final long MAX_RETRY_MS = 5000;

    private final Vfs vfs;
    private final FileSystems fileSystems;
    private final FileOperations.Owners owners;
    private final ScheduledExecutorService retries;
    private final AtomicLong releasesPending = new AtomicLong();
    /** What else a last fput ends before the owner's release (eventpoll_release); none until epoll is wired. */
    private volatile Consumer<File> lastFput = f -> { };

    public FileTable(Vfs vfs, FileSystems fileSystems, FileOperations.Owners owners) {
        this(vfs, fileSystems, owners, null);
    }

    /** retries: where a failed release is tried again (none: never again, the inode stays; for tests). */
    public FileTable(Vfs vfs, FileSystems fileSystems, FileOperations.Owners owners, ScheduledExecutorService retries) {
        this.vfs = vfs;
        this.fileSystems = fileSystems;
        this.owners = owners;
        this.retries = retries;
    }

    /** Releases the owner has not taken yet (being retried). */
    public long releasesPending() {
        return releasesPending.get();
    }

    /**
     * __fput of each released file, as steps under parent, RELEASE_WINDOW at a time.
     * Completes when each has been offered to its owner once; never exceptionally.
     */
    public CompletableFuture<Void> fput(List<File> files, Trace parent) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (int from = 0; from < files.size(); from += RELEASE_WINDOW) {
            List<File> window = files.subList(from, Math.min(files.size(), from + RELEASE_WINDOW));
            done = done.thenCompose(v -> {
                CompletableFuture<?>[] all = new CompletableFuture<?>[window.size()];
                for (int i = 0; i < window.size(); i++) {
                    all[i] = fput(window.get(i), parent);
                }
                return CompletableFuture.allOf(all);
            });
        }
        return done;
    }

    /** eventpoll_release's hook: called on every last fput, before the release. */
    void onLastFput(Consumer<File> hook) {
        this.lastFput = hook;
    }

    /** Follows fs/file_table.c:__fput: eventpoll_release, f_op->release (sockfs files only), then evict. */
    private CompletableFuture<Void> fput(File f, Trace parent) {
        lastFput.accept(f);
        return release(f.inode(), parent.child("__fput"));
    }

    /**
     * vfs_poll of a file whose owner is another layer (cancelling the answer cancels the
     * owner's wait); the null device's mask is DEFAULT_POLLMASK, a file whose owner never
     * registered is POLLNVAL. Neither is ever woken.
     */
    CompletableFuture<Revents> vfsPoll(Task t, File f, int events, int timeoutMs, long afterWake, Trace syscall) {
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return CompletableFuture.completedFuture(Revents.of(Select.DEFAULT_POLLMASK));
        }
        FileOperations ops = ownerOf(f.inode().fsType());
        if (ops == null) {
            return CompletableFuture.completedFuture(Revents.of(vkernel.uapi.Poll.POLLNVAL));
        }
        return call(() -> ops.poll(t.cred(), f.inode().ino(), events, timeoutMs, afterWake, syscall));
    }

    /**
     * Releases inodes that no file holds any more (orphans a crash left: VfsRestore), as
     * their last fput would have. Completes when all are done; never exceptionally.
     */
    public CompletableFuture<Void> releaseOrphans(List<Long> inos, Trace parent) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[inos.size()];
        for (int i = 0; i < inos.size(); i++) {
            Inode inode = vfs.inode(inos.get(i));
            all[i] = inode == null ? CompletableFuture.completedFuture(null) : release(inode, parent.child("release_orphan"));
        }
        return CompletableFuture.allOf(all);
    }

    private CompletableFuture<Void> release(Inode inode, Trace fput) {
        long ino = inode.ino();
        fput.object("ino", ino).field("fs_type", inode.fsType());
        FileOperations ops = Vfs.SOCKFS.equals(inode.fsType()) ? ownerOf(Vfs.SOCKFS) : null;
        if (ops == null) {
            evict(ino, fput);
            return CompletableFuture.completedFuture(null);
        }
        return call(() -> ops.release(ino, fput)).handle((r, err) -> {
            if (err == null) {
                evict(ino, fput);
            } else {
                LOG.log(System.Logger.Level.WARNING, "release of inode {0} by its owner failed ({1}); trying again", ino, unwrap(err));
                fput.field("release", "retrying").end();
                releasesPending.incrementAndGet();
                retryLater(inode, FIRST_RETRY_MS);
            }
            return null;
        });
    }

    private void evict(long ino, Trace fput) {
        Trace evict = fput.child("evict").object("ino", ino);
        vfs.evict(ino);
        evict.end();
        fput.end();
    }

    /** Offers the release again after delay, doubling it up to MAX_RETRY_MS, until the owner takes it. */
    private void retryLater(Inode inode, long delayMs) {
        if (retries == null) {
            return;
        }
        retries.schedule(() -> {
            FileOperations ops = ownerOf(Vfs.SOCKFS);
            Trace retry = new vkernel.kernel.trace.RecordingTrace("release_retry");
            CompletableFuture<Void> attempt = ops == null ? CompletableFuture.failedFuture(new IllegalStateException("no owner"))
                    : call(() -> ops.release(inode.ino(), retry));
            attempt.whenComplete((r, err) -> {
                if (err == null) {
                    vfs.evict(inode.ino());
                    releasesPending.decrementAndGet();
                } else {
                    retryLater(inode, Math.min(MAX_RETRY_MS, delayMs * 2));
                }
            });
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Follows net/core/net_namespace.c:cleanup_net as far as vfs takes part: the owner of
     * sockfs exits the namespace. cleanup ends when the exit is delivered (or cannot be).
     */
    public void cleanupNet(long netns, Trace cleanup) {
        FileOperations ops = ownerOf(Vfs.SOCKFS);
        if (ops == null) {
            cleanup.end();
            return;
        }
        call(() -> ops.netnsExit(netns, cleanup)).whenComplete((r, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.WARNING, "netns {0} exit not delivered: {1}", netns, unwrap(err));
            }
            cleanup.end();
        });
    }

    /** The file operations of fsType's owner, even if its lease lapsed (files still refer to it); null if never registered. */
    FileOperations ownerOf(String fsType) {
        FileSystemType owner = fileSystems.lastKnown(fsType);
        return owner == null ? null : owners.of(owner);
    }

    /** A port call whose synchronous failure counts as a failed future. */
    static <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> port) {
        try {
            return port.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
