package vkernel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.sdk.Task;

/**
 * Parts 1, 2 and 7: socket(family, type, 0)+close() pairs. Latency with one client
 * thread (the pair, and socket() and close() apart), throughput with many threads, each
 * its own task (as many processes would).
 */
final class SocketCloseBench {
    private SocketCloseBench() {}

    /**
     * Runs socket()+close() pairs of every family given, many threads at once, for a
     * while before anything is timed: the five JVMs compile their hot paths over many
     * thousands of calls, and a kernel measured cold makes whichever part runs first
     * look slower than the rest. Both kernels (events on and off) get the same.
     */
    static void warmUp(Target k, Options o, int type, int... families) throws Exception {
        Task main = k.spawnRoot("bench-warmup");
        List<Task> tasks = new ArrayList<>(List.of(main));
        try {
            Task[] per = new Task[o.threads];
            for (int i = 0; i < o.threads; i++) {
                per[i] = i == 0 ? main : k.spawnIn("bench-warmup" + i, main);
                if (i > 0) {
                    tasks.add(per[i]);
                }
            }
            long t0 = System.nanoTime();
            Runner.Throughput tp = Runner.throughput(o.threads, java.time.Duration.ZERO, o.kernelWarmup(),
                    t -> {
                        for (int family : families) {
                            per[t].close(per[t].socket(family, type, 0));
                        }
                    });
            Bench.log("  warm-up: %,d rounds of socket()+close() in families %s, %d threads, %.0f s", tp.ops(),
                    java.util.Arrays.toString(families), o.threads, (System.nanoTime() - t0) / 1e9);
        } finally {
            k.exit(tasks);
        }
    }

    static Map<String, Object> run(Target k, Options o, int family, int type, String label) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("call", "socket(" + label + ", " + LinuxReference.typeName(type) + ", 0) + close()");
        Task main = k.spawnRoot("bench-sc");
        List<Task> tasks = new ArrayList<>();
        tasks.add(main);
        try {
            // one probe pair: a family that is not there fails here, before any timing
            main.close(main.socket(family, type, 0));
            for (int i = 0; i < o.latencyWarmup(); i++) {
                main.close(main.socket(family, type, 0));
            }
            Stats pair = new Stats();
            Stats socket = new Stats();
            Stats close = new Stats();
            for (int i = 0; i < o.latencyIters(); i++) {
                long t0 = System.nanoTime();
                int fd = main.socket(family, type, 0);
                long t1 = System.nanoTime();
                main.close(fd);
                long t2 = System.nanoTime();
                pair.add(t2 - t0);
                socket.add(t1 - t0);
                close.add(t2 - t1);
            }
            Map<String, Object> lat = new LinkedHashMap<>();
            lat.put("pair", pair.summary().toMicros());
            lat.put("socket", socket.summary().toMicros());
            lat.put("close", close.summary().toMicros());
            m.put("latency_1_thread", lat);
            Bench.log("    %s, 1 thread: pair p50 %s µs p99 %s µs (socket p50 %s, close p50 %s)", label,
                    pair.summary().toMicros().get("p50_us"), pair.summary().toMicros().get("p99_us"),
                    socket.summary().toMicros().get("p50_us"), close.summary().toMicros().get("p50_us"));

            Task[] per = new Task[o.threads];
            for (int i = 0; i < o.threads; i++) {
                per[i] = i == 0 ? main : k.spawnIn("bench-sc" + i, main);
                if (i > 0) {
                    tasks.add(per[i]);
                }
            }
            Runner.Throughput tp = Runner.throughput(o.threads, o.throughputWarmup(), o.throughputMeasure(),
                    t -> per[t].close(per[t].socket(family, type, 0)));
            m.put("throughput", tp.toMap());
            Bench.log("    %s, %d threads: %.0f pairs/s (p50 %s µs, p99 %s µs)", label, o.threads, tp.opsPerSecond(),
                    tp.latencies().summary().toMicros().get("p50_us"), tp.latencies().summary().toMicros().get("p99_us"));
            m.put("status", "ok");
            return m;
        } finally {
            k.exit(tasks);
        }
    }
}
