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
import vkernel.kernel.trace.Trace;

/**
 * A sockfs owner whose poll sleeps as inet's and netlink's do: a file's mask is what the
 * test set; a poll with nothing ready is held until {@link #wake} or its timeout, and a
 * cancelled one is dropped. Files in {@link #cannotSleep} answer at once, as an owner
 * without sleeping polls does.
 */
final class WaitingOwner implements FileOperations, FileOperations.Owners {
    /** One poll the owner was asked: the file, the events, the time it was given. */
    record Asked(long ino, int events, int timeoutMs) {}

    final List<Asked> asked = new ArrayList<>();
    final List<Long> cancelled = new ArrayList<>();
    final Set<Long> cannotSleep = new HashSet<>();
    /** When set, every poll fails as an unreachable owner's does. */
    RuntimeException failure;
    private final Map<Long, Integer> masks = new HashMap<>();
    private final Map<Long, List<CompletableFuture<Integer>>> sleepers = new HashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @Override
    public FileOperations of(FileSystemType owner) {
        return this;
    }

    /** Sets a file's mask without waking its sleepers. */
    synchronized void set(long ino, int mask) {
        masks.put(ino, mask);
    }

    /** Sets a file's mask and answers each poll sleeping on it (a wake-up of its wait queue). */
    void wake(long ino, int mask) {
        List<CompletableFuture<Integer>> woken;
        synchronized (this) {
            masks.put(ino, mask);
            woken = sleepers.remove(ino);
        }
        if (woken != null) {
            woken.forEach(f -> f.complete(mask));
        }
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
    public CompletableFuture<Integer> poll(Cred cred, long ino, int events, int timeoutMs, Trace t) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        synchronized (this) {
            asked.add(new Asked(ino, events, timeoutMs));
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            int mask = masks.getOrDefault(ino, 0);
            if (Select.ready(mask, events) || timeoutMs == 0 || cannotSleep.contains(ino)) {
                return CompletableFuture.completedFuture(mask);
            }
            sleepers.computeIfAbsent(ino, k -> new ArrayList<>()).add(f);
        }
        if (timeoutMs > 0) {
            timers.schedule(() -> {
                int mask;
                synchronized (this) {
                    List<CompletableFuture<Integer>> s = sleepers.get(ino);
                    if (s == null || !s.remove(f)) {
                        return;
                    }
                    mask = masks.getOrDefault(ino, 0);
                }
                f.complete(mask);
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
        f.whenComplete((m, err) -> {
            if (f.isCancelled()) {
                synchronized (this) {
                    cancelled.add(ino);
                    List<CompletableFuture<Integer>> s = sleepers.get(ino);
                    if (s != null) {
                        s.remove(f);
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
