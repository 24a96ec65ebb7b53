package vkernel.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ratios a run is judged by, computed from its parts, and the four targets:
 * socket()+close() ≤ 1.2× the floor; TCP bulk ≥ 50% of raw gRPC streaming at 64 KiB;
 * socket() latency at 1,000,000 open ≤ 1.2× at 1,000; events on ≤ 1.1× events off.
 * A ratio whose inputs are missing is absent (null), never guessed.
 */
final class Targets {
    private Targets() {}

    /** Walks nested maps: get(m, "a", "b") is m.a.b, or null. */
    static Object get(Object m, String... path) {
        Object cur = m;
        for (String k : path) {
            if (!(cur instanceof Map<?, ?> map)) {
                return null;
            }
            cur = map.get(k);
        }
        return cur;
    }

    static Double num(Object m, String... path) {
        Object v = get(m, path);
        return v instanceof Number n ? n.doubleValue() : null;
    }

    static Double ratio(Double a, Double b) {
        if (a == null || b == null || b == 0) {
            return null;
        }
        return Math.round(a / b * 1000) / 1000.0;
    }

    static Map<String, Object> ratios(Map<String, Object> parts) {
        Map<String, Object> r = new LinkedHashMap<>();
        Object p1 = parts.get("1_socket_close");
        Object p2 = parts.get("2_floor");
        Object c = get(parts, "3_linux", "c");
        Object nio = get(parts, "3_linux", "java_nio");
        put(r, "socket_close_over_floor_p50", ratio(num(p1, "latency_1_thread", "pair", "p50_us"),
                num(p2, "latency_1_thread", "pair", "p50_us")));
        put(r, "socket_close_over_floor_p99", ratio(num(p1, "latency_1_thread", "pair", "p99_us"),
                num(p2, "latency_1_thread", "pair", "p99_us")));
        put(r, "floor_over_socket_close_throughput", ratio(num(p2, "throughput", "ops_per_s"),
                num(p1, "throughput", "ops_per_s")));
        put(r, "socket_close_over_linux_c_p50", ratio(num(p1, "latency_1_thread", "pair", "p50_us"),
                num(c, "latency_1_thread", "p50_us")));
        put(r, "linux_c_over_socket_close_throughput", ratio(num(c, "throughput", "ops_per_s"),
                num(p1, "throughput", "ops_per_s")));
        put(r, "floor_over_linux_c_p50", ratio(num(p2, "latency_1_thread", "pair", "p50_us"),
                num(c, "latency_1_thread", "p50_us")));
        put(r, "socket_close_over_java_nio_p50", ratio(num(p1, "latency_1_thread", "pair", "p50_us"),
                num(nio, "latency_1_thread", "p50_us")));
        Object bulk = get(parts, "4_tcp", "bulk");
        Object raw = get(parts, "4_tcp", "raw_grpc_streaming");
        for (String size : List.of("1 KiB", "64 KiB", "1 MiB")) {
            put(r, "tcp_bulk_over_raw_grpc_" + size.replace(" ", ""), ratio(num(bulk, size, "mb_per_s"),
                    num(raw, size, "mb_per_s")));
        }
        Object levels = get(parts, "6_scale", "levels");
        if (levels instanceof List<?> ls && !ls.isEmpty()) {
            Double first = null;
            for (Object l : ls) {
                if (!"ok".equals(get(l, "status"))) {
                    continue;
                }
                Double p50 = num(l, "socket_latency", "p50_us");
                if (first == null) {
                    first = p50;
                }
                put(r, "scale_socket_p50_at_" + num(l, "open_sockets").longValue() + "_over_first", ratio(p50, first));
            }
        }
        Object p7 = parts.get("7_events");
        put(r, "events_on_over_off_socket_close_p50", ratio(num(p1, "latency_1_thread", "pair", "p50_us"),
                num(p7, "socket_close_events_off", "latency_1_thread", "pair", "p50_us")));
        put(r, "events_off_over_on_socket_close_throughput", ratio(
                num(p7, "socket_close_events_off", "throughput", "ops_per_s"), num(p1, "throughput", "ops_per_s")));
        put(r, "events_on_over_off_floor_p50", ratio(num(p2, "latency_1_thread", "pair", "p50_us"),
                num(p7, "floor_events_off", "latency_1_thread", "pair", "p50_us")));
        put(r, "events_off_over_on_floor_throughput", ratio(num(p7, "floor_events_off", "throughput", "ops_per_s"),
                num(p2, "throughput", "ops_per_s")));
        return r;
    }

    private static void put(Map<String, Object> m, String k, Double v) {
        m.put(k, v);
    }

    /** The four targets of the issue, each met, missed (by how much) or not measured (why). */
    static List<Map<String, Object>> evaluate(Map<String, Object> results, Options o) {
        Object ratios = results.get("ratios");
        Object parts = results.get("parts");
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(atMost("socket()+close() <= 1.2x the floor (p50, 1 thread)", 1.2,
                num(ratios, "socket_close_over_floor_p50"), why(parts, "1_socket_close", "2_floor"), null));

        out.add(atLeast("TCP bulk >= 50% of raw gRPC streaming at 64 KiB", 0.5,
                num(ratios, "tcp_bulk_over_raw_grpc_64KiB"), why(get(parts, "4_tcp"), "bulk", "raw_grpc_streaming")));

        Double scale = null;
        String note = null;
        Object levels = get(parts, "6_scale", "levels");
        if (levels instanceof List<?> ls) {
            Object lastOk = null;
            for (Object l : ls) {
                if ("ok".equals(get(l, "status"))) {
                    lastOk = l;
                }
            }
            if (lastOk != null && num(lastOk, "open_sockets") > 1000) {
                long n = num(lastOk, "open_sockets").longValue();
                scale = num(ratios, "scale_socket_p50_at_" + n + "_over_first");
                if (n < 1_000_000) {
                    note = String.format("measured up to %,d open sockets, not 1,000,000 (run with --full)", n);
                }
                if (get(parts, "6_scale", "note") != null) {
                    note = (note == null ? "" : note + "; ") + "with the stub family, not AF_INET";
                }
            }
        }
        out.add(atMost("socket() latency at 1,000,000 open <= 1.2x at 1,000 (p50)", 1.2, scale,
                scale == null ? why(parts, "6_scale") : null, note));

        Double ev = num(ratios, "events_on_over_off_socket_close_p50");
        String evNote = null;
        if (ev == null && num(ratios, "events_on_over_off_floor_p50") != null) {
            ev = num(ratios, "events_on_over_off_floor_p50");
            evNote = "AF_INET unavailable: measured on the floor's path (vfs and socket layers publish, the stub does not)";
        }
        out.add(atMost("events on <= 1.1x events off (socket()+close() p50)", 1.1, ev,
                ev == null ? why(parts, "7_events") : null, evNote));
        return out;
    }

    private static Map<String, Object> atMost(String name, double limit, Double value, String why, String note) {
        Map<String, Object> m = base(name, value, why, note);
        if (value != null) {
            boolean met = value <= limit;
            m.put("met", met);
            m.put("verdict", met ? String.format("met (%.2fx, limit %.2fx)", value, limit)
                    : String.format("missed: %.2fx, %.0f%% over the %.2fx limit", value, (value / limit - 1) * 100, limit));
        }
        return m;
    }

    private static Map<String, Object> atLeast(String name, double floor, Double value, String why) {
        Map<String, Object> m = base(name, value, why, null);
        if (value != null) {
            boolean met = value >= floor;
            m.put("met", met);
            m.put("verdict", met ? String.format("met (%.0f%%, at least %.0f%%)", value * 100, floor * 100)
                    : String.format("missed: %.0f%%, %.0f points short of %.0f%%", value * 100, (floor - value) * 100,
                            floor * 100));
        }
        return m;
    }

    private static Map<String, Object> base(String name, Double value, String why, String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", name);
        m.put("value", value);
        if (value == null) {
            m.put("met", null);
            m.put("verdict", "not measured" + (why == null ? "" : ": " + why));
        }
        if (note != null) {
            m.put("note", note);
        }
        return m;
    }

    /** Why a part has no number: the first failing input's status and error. */
    static String why(Object parts, String... keys) {
        List<String> reasons = new ArrayList<>();
        for (String k : keys) {
            Object p = get(parts, k);
            if (p == null) {
                reasons.add(k + " not run");
            } else if (!"ok".equals(get(p, "status"))) {
                Object err = get(p, "error");
                Object reason = get(p, "reason");
                reasons.add(k + " " + String.valueOf(get(p, "status")).replace('_', ' ') + (err != null ? " (" + err + ")" : reason != null ? " (" + reason + ")" : ""));
            }
        }
        return reasons.isEmpty() ? null : String.join("; ", reasons);
    }
}
