package vkernel.bench;

import static vkernel.bench.Targets.get;
import static vkernel.bench.Targets.num;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charts BENCHMARKS.md shows beside its tables, drawn from a run's results:
 * socket()+close() latency by percentile for each configuration, TCP throughput by chunk
 * size against raw gRPC streaming, and netlink multicast delivery by listener count.
 */
final class Charts {
    static final String SOCKET_CLOSE = "socket-close-latency.svg";
    static final String TCP = "tcp-throughput.svg";
    static final String MULTICAST = "netlink-multicast.svg";
    private static final List<String> PERCENTILES = List.of("min", "p50", "p90", "p99", "p999", "max");
    private static final Pattern LISTENERS = Pattern.compile("(\\d+) listeners");

    private Charts() {}

    /** Every chart the results have data for, by file name. */
    static Map<String, SvgChart> of(Map<String, Object> results) {
        Object parts = results.get("parts");
        Map<String, SvgChart> out = new LinkedHashMap<>();
        put(out, SOCKET_CLOSE, socketClose(parts));
        put(out, TCP, tcp(parts));
        put(out, MULTICAST, multicast(parts));
        return out;
    }

    /** Writes the charts into dir (made if missing); returns the names written. */
    static List<String> write(Map<String, Object> results, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, SvgChart> e : of(results).entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue().svg());
            written.add(e.getKey());
        }
        return written;
    }

    private static void put(Map<String, SvgChart> out, String name, SvgChart chart) {
        if (!chart.isEmpty()) {
            out.put(name, chart);
        }
    }

    static SvgChart socketClose(Object parts) {
        SvgChart c = new SvgChart("socket()+close(), one thread: latency by percentile", "percentile of the timed pairs", "µs",
                PERCENTILES.stream().map(p -> p.equals("p999") ? "p99.9" : p).toList(), true);
        latency(c, "vkernel AF_INET", get(parts, "1_socket_close", "latency_1_thread", "pair"));
        latency(c, "floor (stub family)", get(parts, "2_floor", "latency_1_thread", "pair"));
        latency(c, "AF_INET, events off", get(parts, "7_events", "socket_close_events_off", "latency_1_thread", "pair"));
        latency(c, "floor, events off", get(parts, "7_events", "floor_events_off", "latency_1_thread", "pair"));
        latency(c, "Linux, C", get(parts, "3_linux", "c", "latency_1_thread"));
        latency(c, "Linux, Java NIO", get(parts, "3_linux", "java_nio", "latency_1_thread"));
        return c;
    }

    private static void latency(SvgChart c, String name, Object stats) {
        c.series(name, PERCENTILES.stream().map(p -> positive(num(stats, p + "_us"))).toList());
    }

    static SvgChart tcp(Object parts) {
        Object bulk = get(parts, "4_tcp", "bulk");
        Object raw = get(parts, "4_tcp", "raw_grpc_streaming");
        List<String> sizes = List.of("1 KiB", "64 KiB", "1 MiB");
        SvgChart c = new SvgChart("TCP over loopback: send→recv throughput by chunk size", "chunk size", "MB/s", sizes, true);
        c.series("vkernel TCP", sizes.stream().map(s -> positive(num(bulk, s, "mb_per_s"))).toList());
        c.series("raw gRPC streaming", sizes.stream().map(s -> positive(num(raw, s, "mb_per_s"))).toList());
        return c;
    }

    static SvgChart multicast(Object parts) {
        Object nl = get(parts, "5_netlink");
        List<String> counts = new ArrayList<>();
        if (nl instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                Matcher x = LISTENERS.matcher(k.toString());
                if (x.matches() && "ok".equals(get(m.get(k), "status"))) {
                    counts.add(x.group(1));
                }
            }
        }
        counts.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        SvgChart c = new SvgChart("Netlink multicast: route add → RTM_NEWROUTE at the listeners", "listeners bound to RTMGRP_IPV4_ROUTE",
                "ms", counts, true);
        c.series("each delivery p50", ms(nl, counts, "add_to_each_delivery", "p50_us"));
        c.series("each delivery p99", ms(nl, counts, "add_to_each_delivery", "p99_us"));
        c.series("last delivery p50", ms(nl, counts, "add_to_last_delivery", "p50_us"));
        c.series("add → ack p50", ms(nl, counts, "add_to_ack", "p50_us"));
        return c;
    }

    private static List<Double> ms(Object nl, List<String> counts, String what, String stat) {
        return counts.stream().map(n -> {
            Double us = positive(num(nl, n + " listeners", what, stat));
            return us == null ? null : us / 1000;
        }).toList();
    }

    /** A log axis cannot show 0 (a latency rounded down to nothing): such a point is left out. */
    private static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }
}
