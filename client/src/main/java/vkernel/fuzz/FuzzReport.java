package vkernel.fuzz;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a fuzz run saw: every call's outcome (success, or the errno Linux would name), and
 * the findings: outcomes that are neither (a gRPC status, a call that slept past its
 * deadline, any other exception). Findings are grouped by call and kind; each group keeps
 * its first example with the arguments that caused it. Thread-safe.
 */
public final class FuzzReport {
    /** One kind of finding: the call, what was thrown, how often, and the first arguments that did it. */
    public record Finding(String call, String kind, long count, String example) {
        @Override
        public String toString() {
            return call + ": " + kind + " (x" + count + "), first: " + example;
        }
    }

    private final LongAdder calls = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perCall = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perCallNanos = new ConcurrentHashMap<>();
    private volatile Duration spawning = Duration.ZERO;
    private final Map<String, LongAdder> findingCounts = new ConcurrentHashMap<>();
    private final Map<String, String> findingExamples = new ConcurrentHashMap<>();
    private volatile Duration duration = Duration.ZERO;
    private final long seed;
    private final int tasks;

    FuzzReport(long seed, int tasks) {
        this.seed = seed;
        this.tasks = tasks;
    }

    void answered(String call, String outcome) {
        calls.increment();
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        perCall.computeIfAbsent(call, k -> new LongAdder()).increment();
    }

    void took(String call, long nanos) {
        perCallNanos.computeIfAbsent(call, k -> new LongAdder()).add(nanos);
    }

    void spawned(Duration d) {
        spawning = d;
    }

    void finding(String call, String kind, String example) {
        calls.increment();
        perCall.computeIfAbsent(call, k -> new LongAdder()).increment();
        String key = call + "\u0000" + kind;
        findingCounts.computeIfAbsent(key, k -> new LongAdder()).increment();
        findingExamples.putIfAbsent(key, example);
    }

    void finished(Duration d) {
        duration = d;
    }

    /** Calls made (every answer and every finding). */
    public long calls() {
        return calls.sum();
    }

    public long seed() {
        return seed;
    }

    public Duration duration() {
        return duration;
    }

    /** "ok" or the errno's name → how many calls ended so. */
    public Map<String, Long> histogram() {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Call name → how many were made. */
    public Map<String, Long> perCall() {
        Map<String, Long> m = new TreeMap<>();
        perCall.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        findingCounts.forEach((k, v) -> {
            String[] parts = k.split("\u0000", 2);
            out.add(new Finding(parts[0], parts[1], v.sum(), findingExamples.get(k)));
        });
        out.sort(Comparator.comparingLong(Finding::count).reversed());
        return out;
    }

    public long findingCount() {
        return findingCounts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** The summary vk fuzz prints. */
    public void print(PrintStream out) {
        double secs = Math.max(1, duration.toMillis()) / 1000.0;
        out.printf("vk fuzz: seed %d, %d tasks, %,d calls in %.1f s (%,.0f calls/s)%n", seed, tasks, calls(), secs,
                calls() / secs);
        out.println("outcomes (ok or errno):");
        histogram().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.printf("  %-16s %,10d%n", e.getKey(), e.getValue()));
        out.printf("spawning the tasks took %.1f s of it%n", spawning.toMillis() / 1000.0);
        out.println("calls (how many, mean ms each):");
        perCall().forEach((k, v) -> out.printf("  %-16s %,10d %8.1f%n", k, v,
                perCallNanos.getOrDefault(k, new LongAdder()).sum() / 1e6 / Math.max(1, v)));
        List<Finding> f = findings();
        out.printf("findings: %,d (%d kinds)%n", findingCount(), f.size());
        f.forEach(x -> out.println("  " + x));
    }
}
