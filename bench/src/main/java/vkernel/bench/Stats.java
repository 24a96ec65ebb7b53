package vkernel.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency samples in nanoseconds and their summary: count, mean, min, max and
 * nearest-rank percentiles (the smallest sample with at least p% of the samples at or
 * below it). Not thread-safe: one per thread, then {@link #merge}.
 */
public final class Stats {
    private long[] samples = new long[1024];
    private int n;

    public void add(long nanos) {
        if (n == samples.length) {
            samples = Arrays.copyOf(samples, n * 2);
        }
        samples[n++] = nanos;
    }

    public int count() {
        return n;
    }

    /** All samples of several recorders, as one. */
    public static Stats merge(Iterable<Stats> parts) {
        Stats all = new Stats();
        for (Stats s : parts) {
            for (int i = 0; i < s.n; i++) {
                all.add(s.samples[i]);
            }
        }
        return all;
    }

    public Summary summary() {
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Summary(n, n == 0 ? 0 : sum / n, n == 0 ? 0 : sorted[0], percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 99.9), n == 0 ? 0 : sorted[n - 1]);
    }

    /** Nearest rank: sorted[ceil(p/100 * n) - 1]; 0 for no samples. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        if (p <= 0) {
            return sorted[0];
        }
        long rank = (long) Math.ceil(p / 100.0 * sorted.length);
        int i = (int) Math.min(sorted.length, Math.max(1, rank)) - 1;
        return sorted[i];
    }

    /** A summary, times in nanoseconds. */
    public record Summary(long count, double meanNs, long minNs, long p50Ns, long p90Ns, long p99Ns, long p999Ns,
            long maxNs) {
        /** The summary in microseconds, rounded to 0.1 µs, for reports. */
        public Map<String, Object> toMicros() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("mean_us", us(meanNs));
            m.put("min_us", us(minNs));
            m.put("p50_us", us(p50Ns));
            m.put("p90_us", us(p90Ns));
            m.put("p99_us", us(p99Ns));
            m.put("p999_us", us(p999Ns));
            m.put("max_us", us(maxNs));
            return m;
        }
    }

    static double us(double nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
