package vkernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> pair(double p50) {
        return map("status", "ok", "latency_1_thread", map("pair", map("p50_us", p50, "p99_us", p50 * 2)),
                "throughput", map("ops_per_s", 1e6 / p50));
    }

    @Test
    void regeneratingKeepsTheTextAroundTheMarkers() {
        String before = "# Benchmarks\n\nintro\n\n" + Report.BEGIN + "\n\nold numbers\n" + Report.END + "\n\n## Analysis\n\nwhy\n";
        String after = Report.replaceSection(before, "new numbers\n");
        assertTrue(after.startsWith("# Benchmarks\n\nintro\n\n" + Report.BEGIN));
        assertTrue(after.contains("new numbers"));
        assertFalse(after.contains("old numbers"));
        assertTrue(after.endsWith(Report.END + "\n\n## Analysis\n\nwhy\n"));
    }

    @Test
    void aReportWithoutMarkersGetsTheSectionAppended() {
        String after = Report.replaceSection("# Benchmarks\n", "numbers\n");
        assertTrue(after.startsWith("# Benchmarks\n\n" + Report.BEGIN));
        assertTrue(after.endsWith("numbers\n" + Report.END + "\n"));
    }

    @Test
    void targetsSayByHowMuchTheyAreMissedAndWhyOneIsNotMeasured() {
        Map<String, Object> parts = map(
                "1_socket_close", pair(1500),
                "2_floor", pair(1000),
                "4_tcp", map("bulk", map("status", "not_implemented", "error", "socket: EAFNOSUPPORT"),
                        "raw_grpc_streaming", map("status", "ok", "64 KiB", map("mb_per_s", 900.0))),
                "7_events", map("socket_close_events_off", pair(1400)));
        Map<String, Object> results = map("parts", parts, "ratios", Targets.ratios(parts));
        List<Map<String, Object>> t = Targets.evaluate(results, Options.parse(new String[0]));
        assertEquals(1.5, t.get(0).get("value"));
        assertEquals(false, t.get(0).get("met"));
        assertEquals("missed: 1.50x, 25% over the 1.20x limit", t.get(0).get("verdict"));
        assertNull(t.get(1).get("value"));
        assertEquals("not measured: bulk not implemented (socket: EAFNOSUPPORT)", t.get(1).get("verdict"));
        assertEquals("not measured: 6_scale not run", t.get(2).get("verdict"));
        assertEquals(1.071, t.get(3).get("value"));
        assertEquals(true, t.get(3).get("met"));
    }

    @Test
    void theMarkdownHasARowPerTargetAndShowsFailuresAsSuch() {
        Map<String, Object> parts = map("1_socket_close", map("status", "not_implemented", "error", "socket: EAFNOSUPPORT"),
                "2_floor", pair(1000));
        Map<String, Object> results = map("date", "d", "command", "./vk bench", "machine", map("nproc", 2),
                "settings", map("threads", 16), "parts", parts, "ratios", Targets.ratios(parts));
        results.put("targets", Targets.evaluate(results, Options.parse(new String[0])));
        String md = Report.markdown(results);
        assertTrue(md.contains("| vkernel AF_INET | not implemented: socket: EAFNOSUPPORT |"), md);
        assertTrue(md.contains("| floor: stub family 40 (same hops, no work) | 1,000.0 | 2,000.0 | 1,000 | 1.000 |"), md);
        assertTrue(md.contains("- 1_socket_close: not implemented: socket: EAFNOSUPPORT"), md);
        assertEquals(4, md.lines().filter(l -> l.startsWith("| socket()+close() <=") || l.startsWith("| TCP bulk >=")
                || l.startsWith("| socket() latency at") || l.startsWith("| events on <=")).count(), md);
        assertTrue(md.contains("| socket()+close() <= 1.2x the floor (p50, 1 thread) | — | not measured: "
                + "1_socket_close not implemented (socket: EAFNOSUPPORT) |"), md);
    }

    @Test
    void scaleLevelsFollowTheCap() {
        assertEquals(List.of(1_000L, 100_000L), Options.parse(new String[0]).scaleLevels());
        assertEquals(List.of(1_000L, 100_000L, 1_000_000L), Options.parse(new String[] {"--full"}).scaleLevels());
        assertEquals(List.of(1_000L, 5_000L), Options.parse(new String[] {"--max-sockets", "5000"}).scaleLevels());
        assertEquals(List.of(500L), Options.parse(new String[] {"--max-sockets", "500"}).scaleLevels());
    }

    @Test
    void heapIsTheSumOfTheHeapPoolsOfAPrometheusPage() {
        String page = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 1.5E7
                jvm_memory_used_bytes{area="heap",id="Eden Space"} 2000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                """;
        assertEquals(OptionalLong.of(17_000_000), LayerProbe.heapFromPrometheus(page));
        assertEquals(OptionalLong.empty(), LayerProbe.heapFromPrometheus("nothing here\n"));
    }

    @Test
    void heapIsTheSumOfTheGenerationsOfGcHeapInfo() {
        String info = """
                29118:
                 def new generation   total 78656K, used 100K [0x00000000f0000000, 0x00000000f5550000)
                  eden space 69952K,   0% used [0x00000000f0000000, 0x00000000f0000000, 0x00000000f4450000)
                 tenured generation   total 174784K, used 2242K [0x00000000f5550000, 0x0000000100000000)
                   the space 174784K,   1% used [0x00000000f5550000, 0x00000000f5780840, 0x0000000100000000)
                 Metaspace       used 8955K, committed 9152K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;
        assertEquals(OptionalLong.of((100 + 2242) * 1024L), LayerProbe.heapFromHeapInfo(info));
    }
}
