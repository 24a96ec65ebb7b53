package vkernel.vfs.core;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;

/**
 * A sockfs owner whose poll sleeps as inet's and netlink's do: a file's mask is what the
 * test set; a poll with nothing ready is held until {@link #wake} or its timeout, and a
 * cancelled one is dropped. Files in {@link #cannotSleep} answer at once, as an owner
 * without sleeping polls does.
 */
final class WaitingOwner implements FileOperations, FileOperations.Owners {
    /** One poll the owner was asked: the file, the events, the time it was given. */
    record Asked(long ino, int events, int timeoutMs, long afterWake) {
        Asked(long ino, int events, int timeoutMs) {
            this(ino, events, timeoutMs, Revents.LEVEL);
        }
    }

    /** A poll held on a file's wait queue until it is ready (and woken after afterWake, when edge-triggered). */
    private record Sleeper(CompletableFuture<Revents> f, int events, long afterWake) {}

    final List<Asked> asked = new ArrayList<>();
    final List<Long> cancelled = new ArrayList<>();
    final Set<Long> cannotSleep = new HashSet<>();
    /** When set, every poll fails as an unreachable owner's does. */
    RuntimeException failure;
    private final Map<Long, Integer> masks = new HashMap<>();
    private final Map<Long, List<Sleeper>> sleepers = new HashMap<>();
    private final Map<Long, Long> wakes = new HashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @Override
    public FileOperations of(FileSystemType owner) {
        return this;
    }

    /** Sets a file's mask without waking its sleepers. */
    synchronized void set(long ino, int mask) {
        masks.put(ino, mask);
    }

    /** Sets a file's mask, counts a wake-up of its wait queue and answers each poll it satisfies. */
    void wake(long ino, int mask) {
        List<Sleeper> woken = new ArrayList<>();
        Revents now;
        synchronized (this) {
            masks.put(ino, mask);
            now = new Revents(mask, wakes.merge(ino, 1L, Long::sum));
            List<Sleeper> s = sleepers.getOrDefault(ino, new ArrayList<>());
            for (Sleeper sl : List.copyOf(s)) {
                if (satisfied(now, sl.events(), sl.afterWake())) {
                    s.remove(sl);
                    woken.add(sl);
                }
            }
        }
        woken.forEach(sl -> sl.f().complete(now));
    }

    private static boolean satisfied(Revents r, int events, long afterWake) {
        return Select.ready(r.mask(), events) && (afterWake < 0 || r.wakes() > afterWake);
    }

    private synchronized Revents now(long ino) {
        return new Revents(masks.getOrDefault(ino, 0), wakes.getOrDefault(ino, 0L));
    }

    synchronized List<Asked> asked() {
        return List.copyOf(asked);
    }

    synchronized int sleeping() {
        return sleepers.values().stream().mapToInt(List::size).sum();
    }

    void shutdown() {
        timers.shutdownNow();
    }

    @Override
    public CompletableFuture<Revents> poll(Cred cred, long ino, int events, int timeoutMs, long afterWake, Trace t) {
        CompletableFuture<Revents> f = new CompletableFuture<>();
        Sleeper sleeper = new Sleeper(f, events, afterWake);
        synchronized (this) {
            asked.add(new Asked(ino, events, timeoutMs, afterWake));
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            Revents now = now(ino);
            if (satisfied(now, events, afterWake) || timeoutMs == 0 || cannotSleep.contains(ino)) {
                return CompletableFuture.completedFuture(now);
            }
            sleepers.computeIfAbsent(ino, k -> new ArrayList<>()).add(sleeper);
        }
        if (timeoutMs > 0) {
            timers.schedule(() -> {
                synchronized (this) {
                    List<Sleeper> s = sleepers.get(ino);
                    if (s == null || !s.remove(sleeper)) {
                        return;
                    }
                }
                f.complete(now(ino));
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
        f.whenComplete((m, err) -> {
            if (f.isCancelled()) {
                synchronized (this) {
                    cancelled.add(ino);
                    List<Sleeper> s = sleepers.get(ino);
                    if (s != null) {
                        s.remove(sleeper);
                    }
                }
            }
        });
        return f;
    }

    @Override
    public CompletableFuture<IoResult> readIter(Cred cred, long ino, long count, int fFlags, Trace t) {
        return CompletableFuture.completedFuture(new IoResult(0, Errno.ERRNO_UNSPECIFIED, ByteString.EMPTY));
    }

    @Override
    public CompletableFuture<IoResult> writeIter(Cred cred, long ino, ByteString data, int fFlags, Trace t) {
        return CompletableFuture.completedFuture(IoResult.ok(data.size()));
    }

    @Override
    public CompletableFuture<Void> release(long ino, Trace fput) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> netnsExit(long netns, Trace cleanup) {
        return CompletableFuture.completedFuture(null);
    }
}
