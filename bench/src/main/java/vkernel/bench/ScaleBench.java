package vkernel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import vkernel.launcher.Layer;
import vkernel.sdk.Task;
import vkernel.uapi.Resource;

/**
 * Part 6: many open sockets. Filler tasks (RLIMIT_NOFILE raised to nr_open, as root may)
 * open sockets on many threads up to each size; at each size, socket() latency is sampled
 * on a separate task (socket() timed, close() not, so the count stays put) and each
 * layer's live heap is read (after a full GC when the bench started the kernel), giving
 * heap per socket as (heap at N - heap at 0) / N.
 */
final class ScaleBench {
    private ScaleBench() {}

    static Map<String, Object> run(Target k, Options o, int family, int type, String label) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("socket", "socket(" + label + ", " + LinuxReference.typeName(type) + ", 0)");
        m.put("heap_method", k.probe.canCollect()
                ? "live heap of each layer: `jcmd PID GC.run` (a full collection), then the generations' used bytes of"
                        + " `jcmd PID GC.heap_info`; per socket = (heap at N - heap at 0) / N, marginal = (heap at N -"
                        + " heap at the previous size) / (N - previous size)"
                : "jvm_memory_used_bytes{area=\"heap\"} from each layer's /q/metrics without a forced GC (pids unknown:"
                        + " includes garbage, rough)");
        Task sampler = k.spawnRoot("bench-scale-probe");
        List<Task> fillers = new ArrayList<>();
        List<Task> all = new ArrayList<>(List.of(sampler));
        try {
            sampler.close(sampler.socket(family, type, 0)); // fails here if the family is missing
            int threads = o.threads;
            for (int i = 0; i < threads; i++) {
                Task t = k.spawnIn("bench-scale-" + i, sampler);
                t.setrlimit(Resource.RLIMIT_NOFILE, Resource.NR_OPEN, Resource.NR_OPEN);
                fillers.add(t);
                all.add(t);
            }
            for (int i = 0; i < o.latencyWarmup(); i++) {
                sampler.close(sampler.socket(family, type, 0));
            }
            // one round of the fill and its closes before the baseline, so that what the
            // first concurrent use allocates (and later frees) is not counted as sockets
            prefill(fillers, family, type, Math.min(1000, o.scaleLevels().get(0)));
            Map<String, Long> tables0 = k.probe.tables();
            // the heap of an idle layer drifts by a few MB (pools, caches): measure it twice,
            // a few seconds apart, take the second as the baseline and report the difference
            Map<Layer, OptionalLong> first = heaps(k);
            Thread.sleep(3000);
            Map<Layer, OptionalLong> base = heaps(k);
            m.put("heap_at_0_bytes", named(base));
            Map<String, Object> drift = new LinkedHashMap<>();
            for (Layer l : LayerProbe.SERVICES) {
                drift.put(l.label(), first.get(l).isPresent() && base.get(l).isPresent()
                        ? base.get(l).getAsLong() - first.get(l).getAsLong() : null);
            }
            m.put("heap_baseline_drift_bytes", drift);
            m.put("tables_at_0", tables0);
            List<Map<String, Object>> levels = new ArrayList<>();
            m.put("levels", levels);
            AtomicLong open = new AtomicLong();
            Map<Layer, OptionalLong> prevHeap = null;
            long prevLevel = 0;
            for (long level : o.scaleLevels()) {
                Map<String, Object> lv = new LinkedHashMap<>();
                lv.put("open_sockets", level);
                long t0 = System.nanoTime();
                long before = open.get();
                try {
                    fill(fillers, family, type, level, open);
                } catch (Exception e) {
                    lv.putAll(Target.failure(e));
                    lv.put("opened", open.get());
                    levels.add(lv);
                    Bench.log("    filling to %,d stopped at %,d: %s", level, open.get(), Target.describe(e));
                    break;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                lv.put("fill_sockets_per_s", Math.round((level - before) / secs * 10) / 10.0);
                Stats s = new Stats();
                for (int i = 0; i < o.scaleSamples(); i++) {
                    long a = System.nanoTime();
                    int fd = sampler.socket(family, type, 0);
                    s.add(System.nanoTime() - a);
                    sampler.close(fd);
                }
                lv.put("socket_latency", s.summary().toMicros());
                Map<Layer, OptionalLong> heap = heaps(k);
                lv.put("heap_bytes", named(heap));
                Map<String, Object> per = new LinkedHashMap<>();
                for (Layer l : LayerProbe.SERVICES) {
                    OptionalLong h = heap.get(l);
                    OptionalLong b = base.get(l);
                    per.put(l.label(), h.isPresent() && b.isPresent() ? Math.round((h.getAsLong() - b.getAsLong())
                            / (double) level * 10) / 10.0 : null);
                }
                lv.put("heap_per_socket_bytes", per);
                lv.put("tables", k.probe.tables());
                if (prevHeap != null) {
                    Map<String, Object> marginal = new LinkedHashMap<>();
                    for (Layer l : LayerProbe.SERVICES) {
                        OptionalLong h = heap.get(l);
                        OptionalLong b = prevHeap.get(l);
                        marginal.put(l.label(), h.isPresent() && b.isPresent() ? Math.round((h.getAsLong() - b.getAsLong())
                                / (double) (level - prevLevel) * 10) / 10.0 : null);
                    }
                    lv.put("heap_per_socket_marginal_bytes", marginal);
                }
                prevHeap = heap;
                prevLevel = level;
                lv.put("status", "ok");
                levels.add(lv);
                Bench.log("    %,d open: socket() p50 %s µs p99 %s µs; heap/socket %s; filled at %.0f/s", level,
                        s.summary().toMicros().get("p50_us"), s.summary().toMicros().get("p99_us"), per,
                        (level - before) / secs);
            }
            long t0 = System.nanoTime();
            k.exit(fillers);
            m.put("teardown_seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
            // exit returns before every release has run through the layers: wait for the
            // socket table to be back where it started (or give up after a minute)
            Long sockets0 = tables0.get("socket.sockets");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (sockets0 != null && System.nanoTime() < deadline) {
                Long now = k.probe.tables().get("socket.sockets");
                if (now == null || now <= sockets0) {
                    break;
                }
                Thread.sleep(500);
            }
            m.put("released_seconds", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
            m.put("tables_after_exit", k.probe.tables());
            Map<Layer, OptionalLong> after = heaps(k);
            m.put("heap_after_exit_bytes", named(after));
            // the last task of the namespace exits too: the families drop the namespace's tables
            k.exit(all);
            Thread.sleep(1000);
            m.put("heap_after_netns_exit_bytes", named(heaps(k)));
            m.put("status", levels.stream().anyMatch(l -> "ok".equals(l.get("status"))) ? "ok" : "failed");
            return m;
        } finally {
            k.exit(all);
        }
    }

    /** Opens n sockets spread over the fillers, on as many threads, then closes them the same way. */
    private static void prefill(List<Task> fillers, int family, int type, long n) throws Exception {
        List<List<Integer>> fds = new ArrayList<>();
        for (int i = 0; i < fillers.size(); i++) {
            fds.add(new ArrayList<>());
        }
        long each = Math.max(1, n / fillers.size());
        parallel(fillers.size(), i -> {
            for (long j = 0; j < each; j++) {
                fds.get(i).add(fillers.get(i).socket(family, type, 0));
            }
        });
        parallel(fillers.size(), i -> {
            for (int fd : fds.get(i)) {
                fillers.get(i).close(fd);
            }
        });
    }

    private interface IndexedOp {
        void run(int i) throws Exception;
    }

    private static void parallel(int n, IndexedOp op) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread th = new Thread(() -> {
                try {
                    op.run(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-prefill");
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        if (failure.get() != null) {
            Throwable e = failure.get();
            throw e instanceof Exception ex ? ex : new RuntimeException(e);
        }
    }

    /** Opens sockets on every filler task at once until {@code open} reaches target. */
    static void fill(List<Task> fillers, int family, int type, long target, AtomicLong open) throws Exception {
        parallel(fillers.size(), id -> {
            Task t = fillers.get(id);
            while (open.incrementAndGet() <= target) {
                try {
                    t.socket(family, type, 0);
                } catch (RuntimeException e) {
                    open.decrementAndGet();
                    throw e;
                }
            }
            open.decrementAndGet();
        });
    }

    private static Map<Layer, OptionalLong> heaps(Target k) {
        Map<Layer, OptionalLong> m = new LinkedHashMap<>();
        for (Layer l : LayerProbe.SERVICES) {
            m.put(l, k.probe.liveHeap(l));
        }
        return m;
    }

    private static Map<String, Object> named(Map<Layer, OptionalLong> heaps) {
        Map<String, Object> m = new LinkedHashMap<>();
        heaps.forEach((l, v) -> m.put(l.label(), v.isPresent() ? v.getAsLong() : null));
        return m;
    }
}
