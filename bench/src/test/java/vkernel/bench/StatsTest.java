package vkernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void nearestRankPercentilesOfOneToHundred() {
        Stats s = new Stats();
        for (int i = 100; i >= 1; i--) {
            s.add(i * 1000L);
        }
        Stats.Summary m = s.summary();
        assertEquals(100, m.count());
        assertEquals(1000, m.minNs());
        assertEquals(50_000, m.p50Ns());
        assertEquals(90_000, m.p90Ns());
        assertEquals(99_000, m.p99Ns());
        assertEquals(100_000, m.p999Ns());
        assertEquals(100_000, m.maxNs());
        assertEquals(50_500.0, m.meanNs(), 1e-9);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        long[] one = {7};
        assertEquals(7, Stats.percentile(one, 0));
        assertEquals(7, Stats.percentile(one, 50));
        assertEquals(7, Stats.percentile(one, 99.9));
    }

    @Test
    void noSamplesSummarizeToZero() {
        Stats.Summary m = new Stats().summary();
        assertEquals(0, m.count());
        assertEquals(0, m.p99Ns());
        assertEquals(0.0, m.meanNs());
    }

    @Test
    void mergeKeepsEverySampleAndGrowsPastTheInitialCapacity() {
        Stats a = new Stats();
        Stats b = new Stats();
        for (int i = 0; i < 3000; i++) {
            a.add(1);
            b.add(3);
        }
        Stats all = Stats.merge(List.of(a, b));
        assertEquals(6000, all.count());
        assertEquals(1, all.summary().p50Ns());
        assertEquals(3, all.summary().p99Ns());
    }

    @Test
    void microsecondsAreRoundedToATenth() {
        Stats s = new Stats();
        s.add(1_234_567);
        assertEquals(1234.6, s.summary().toMicros().get("p50_us"));
        assertEquals(1L, s.summary().toMicros().get("count"));
    }
}
