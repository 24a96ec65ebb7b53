package vkernel.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** The measuring loops: warm-up, then many timed iterations, on one thread or many. */
final class Runner {
    private Runner() {}

    /** One timed operation; {@code thread} tells the caller's per-thread state apart. */
    @FunctionalInterface
    interface Op {
        void run(int thread) throws Exception;
    }

    /** warmup untimed iterations, then iters timed ones, on the calling thread. */
    static Stats latency(int warmup, int iters, Op op) throws Exception {
        for (int i = 0; i < warmup; i++) {
            op.run(0);
        }
        Stats s = new Stats();
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            op.run(0);
            s.add(System.nanoTime() - t0);
        }
        return s;
    }

    /** What {@link #throughput} measured. */
    record Throughput(int threads, long ops, double seconds, Stats latencies) {
        double opsPerSecond() {
            return ops / seconds;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threads", threads);
            m.put("ops", ops);
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("ops_per_s", Math.round(opsPerSecond() * 10) / 10.0);
            m.put("latency", latencies.summary().toMicros());
            return m;
        }
    }

    /**
     * {@code threads} threads run op back to back: for {@code warmup} untimed, then for
     * {@code measure}, counting completed operations and timing each. The first failure
     * stops every thread and is rethrown.
     */
    static Throughput throughput(int threads, Duration warmup, Duration measure, Op op) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Stats> stats = new ArrayList<>();
        long[] counts = new long[threads];
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Stats s = new Stats();
            stats.add(s);
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    while (failure.get() == null) {
                        long t0 = System.nanoTime();
                        if (t0 >= measureUntil) {
                            break;
                        }
                        op.run(id);
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= measureUntil) {
                            s.add(t1 - t0);
                            counts[id]++;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "bench-" + t);
            w.setDaemon(true);
            workers.add(w);
        }
        workers.forEach(Thread::start);
        done.await();
        if (failure.get() != null) {
            Throwable e = failure.get();
            throw e instanceof Exception ex ? ex : new RuntimeException(e);
        }
        long ops = 0;
        for (long c : counts) {
            ops += c;
        }
        return new Throughput(threads, ops, measure.toNanos() / 1e9, Stats.merge(stats));
    }
}
