package vkernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The three charts from a results file: which lines each draws, from which numbers, and which it leaves out. */
class ChartsTest {
    @TempDir
    Path tmp;

    private static final String RESULTS = """
            {"parts": {
              "1_socket_close": {"status": "ok", "latency_1_thread": {"pair": {"min_us": 600, "p50_us": 1110.9, "p90_us": 3194,
                  "p99_us": 8316.4, "p999_us": 17270.5, "max_us": 23915.7}}},
              "3_linux": {"c": {"status": "ok", "latency_1_thread": {"min_us": 4.1, "p50_us": 4.6, "p90_us": 4.7, "p99_us": 7.5,
                  "p999_us": 35.7, "max_us": 2154.6}}},
              "4_tcp": {"bulk": {"1 KiB": {"mb_per_s": 1.7}, "64 KiB": {"mb_per_s": 31.7}, "status": "ok"},
                        "raw_grpc_streaming": {"1 KiB": {"mb_per_s": 74}, "64 KiB": {"mb_per_s": 689.8}, "1 MiB": {"mb_per_s": 1053.4}}},
              "5_netlink": {"1000 listeners": {"status": "ok", "add_to_each_delivery": {"p50_us": 51267, "p99_us": 113512.7}},
                            "10 listeners": {"status": "ok", "add_to_each_delivery": {"p50_us": 7684.1, "p99_us": 19096.6}},
                            "100 listeners": {"status": "failed", "error": "timeout"},
                            "status": "partial"}
            }, "machine": {"nproc": 2}}
            """;

    @Test
    void eachChartDrawsTheConfigurationsThatRanFromTheirNumbers() throws Exception {
        Path file = tmp.resolve("latest.json");
        Files.writeString(file, RESULTS);
        Map<String, Object> results = ResultsFile.read(file);
        assertEquals(2L, ((Map<?, ?>) results.get("machine")).get("nproc"), "whole numbers come back whole");

        assertEquals(List.of(Charts.SOCKET_CLOSE, Charts.TCP, Charts.MULTICAST), Charts.write(results, tmp.resolve("charts")));

        Document latency = SvgChartTest.parse(Files.readString(tmp.resolve("charts").resolve(Charts.SOCKET_CLOSE)));
        assertEquals(12, SvgChartTest.byClass(latency, "circle", "point").size(), "vkernel and Linux C, six percentiles each");
        assertEquals("1110.9", SvgChartTest.point(latency, "vkernel AF_INET", "p50").getAttribute("data-value"));
        assertEquals("35.7", SvgChartTest.point(latency, "Linux, C", "p99.9").getAttribute("data-value"));

        Document tcp = SvgChartTest.parse(Files.readString(tmp.resolve("charts").resolve(Charts.TCP)));
        assertEquals(5, SvgChartTest.byClass(tcp, "circle", "point").size(), "vkernel's 1 MiB was not measured: no point");
        assertEquals("1053.4", SvgChartTest.point(tcp, "raw gRPC streaming", "1 MiB").getAttribute("data-value"));

        Document nl = SvgChartTest.parse(Files.readString(tmp.resolve("charts").resolve(Charts.MULTICAST)));
        assertEquals("51.267", SvgChartTest.point(nl, "each delivery p50", "1000").getAttribute("data-value"), "in ms");
        assertTrue(SvgChartTest.byClass(nl, "circle", "point").stream().noneMatch(p -> p.getAttribute("data-x").equals("100")),
                "a failed listener count is not drawn");
        assertTrue(Double.parseDouble(SvgChartTest.point(nl, "each delivery p50", "10").getAttribute("cx"))
                < Double.parseDouble(SvgChartTest.point(nl, "each delivery p50", "1000").getAttribute("cx")),
                "listener counts in numeric order, not as the file lists them");
    }

    @Test
    void aRunWithoutThosePartsDrawsNoCharts() {
        assertEquals(Map.of(), Charts.of(Map.of("parts", Map.of("6_scale", Map.of("status", "ok")))));
    }

    @Test
    void theReportShowsEachDrawnChartAfterItsTable() {
        String md = Report.markdown(Map.of(), "bench/results/charts", List.of(Charts.TCP));
        int table = md.indexOf("| chunk | vkernel send→recv MB/s");
        int chart = md.indexOf("](bench/results/charts/tcp-throughput.svg)");
        assertTrue(table >= 0 && chart > table && chart < md.indexOf("### 5."), md);
        assertTrue(!md.contains(Charts.SOCKET_CLOSE) && !md.contains(Charts.MULTICAST), "charts not drawn are not linked");
    }
}
