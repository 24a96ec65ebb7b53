package vkernel.socket.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vkernel.kernel.trace.Trace;

/**
 * sock_release that is never lost: the socket is recorded as releasing before the
 * family is asked, and its record goes only once the family has released the sock (and
 * vfs-service had the inode back, when it is the releaser's to give). A release that
 * fails (the family restarting, unreachable, its lease lapsed) is tried again with a
 * growing pause until it succeeds; a socket-service restored mid-release goes on with it
 * ({@link #resume}). A sock whose family instance is gone for good (another instance holds
 * the family: it died without its state) died with it, and there is nothing to release.
 */
public final class SockRelease {
    /** Runs the next try of a release after a pause. */
    @FunctionalInterface
    public interface Later {
        void after(long millis, Runnable r);

        /** A daemon timer thread of its own. */
        Later DAEMON = new Later() {
            private volatile ScheduledExecutorService timer;

            @Override
            public void after(long millis, Runnable r) {
                if (timer == null) {
                    synchronized (this) {
                        if (timer == null) {
                            timer = Executors.newSingleThreadScheduledExecutor(t -> {
                                Thread th = new Thread(t, "sock-release-retry");
                                th.setDaemon(true);
                                return th;
                            });
                        }
                    }
                }
                timer.schedule(r, millis, TimeUnit.MILLISECONDS);
            }
        };
    }

    static final long FIRST_RETRY_MS = 100;
    static final long MAX_RETRY_MS = 5000;

    private final Sockfs fs;
    private final Later later;
    private final Set<Socket> pending = ConcurrentHashMap.newKeySet();

    SockRelease(Sockfs fs, Later later) {
        this.fs = fs;
        this.later = later;
    }

    /**
     * Releases a socket already out of the table: the family's release within the step
     * given, then the inode when iput. Completes once the first try is done, whether it
     * released the sock or left it to the retries: a close never waits on a family that is
     * not there.
     */
    public CompletableFuture<Void> release(Socket s, boolean iput, Trace within) {
        return release(s, iput, within, within);
    }

    /** As {@link #release(Socket, boolean, Trace)}, with the iput a step of iputParent (sock_release's caller). */
    CompletableFuture<Void> release(Socket s, boolean iput, Trace within, Trace iputParent) {
        s.markReleasing(iput);
        pending.add(s);
        return attempt(s, within, iputParent, FIRST_RETRY_MS);
    }

    /** Goes on with releases a restored socket-service found recorded as under way. */
    public void resume(List<Socket> releasing, Trace within) {
        for (Socket s : releasing) {
            pending.add(s);
            attempt(s, within, within, FIRST_RETRY_MS);
        }
    }

    /** Releases still waiting for their family. */
    public int pendingCount() {
        return pending.size();
    }

    /** Whether the sock of this family service is being released here. */
    boolean releasing(String familyAddress, long sock) {
        for (Socket s : pending) {
            if (s.sock() == sock && s.familyAddress().equals(familyAddress)) {
                return true;
            }
        }
        return false;
    }

    private CompletableFuture<Void> attempt(Socket s, Trace within, Trace iputParent, long pauseMs) {
        CompletableFuture<?> released;
        NetFamilies.Registration r = fs.families().lookup(s.family(), fs.now());
        if (s.sock() == 0 || r != null && s.familyInstance() != null && !r.instanceId().equals(s.familyInstance())) {
            released = CompletableFuture.completedFuture(null); // no sock, or it died with its instance
        } else if (r == null) {
            released = CompletableFuture.failedFuture(new LayerFailure(LayerFailure.Kind.UNREACHABLE,
                    "no registration of family " + s.family(), null));
        } else {
            s.adoptInstance(r.instanceId());
            released = fs.familyAt(r.address()).release(s.sock(), within);
        }
        return released.handle((v, err) -> err).thenCompose(err -> {
            if (err != null) {
                within.field("retry_ms", pauseMs);
                later.after(pauseMs, () -> attempt(s, within, iputParent, Math.min(MAX_RETRY_MS, pauseMs * 2)));
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> inode = s.iput() ? fs.iputDone(s.ino(), iputParent) : CompletableFuture.completedFuture(null);
            return inode.thenRun(() -> {
                s.released();
                pending.remove(s);
            });
        });
    }
}
