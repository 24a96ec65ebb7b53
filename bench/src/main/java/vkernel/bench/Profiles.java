package vkernel.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples (jdk.ExecutionSample, what `jfr print --events
 * jdk.ExecutionSample` lists) fall: by the method on top of the stack, by the first
 * frame of our own code (vkernel.*), and by the area the top frame belongs to (gRPC and
 * Netty, protobuf, Kafka client, JDK, vkernel ...).
 */
final class Profiles {
    private Profiles() {}

    static Map<String, Object> summarize(Path jfr, int top) throws IOException {
        Map<String, Long> byTop = new HashMap<>();
        Map<String, Long> byOwn = new HashMap<>();
        Map<String, Long> byArea = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            String topMethod = name(frames.get(0));
            byTop.merge(topMethod, 1L, Long::sum);
            byArea.merge(area(topMethod), 1L, Long::sum);
            String own = "(no vkernel frame)";
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("vkernel.")) {
                    own = n;
                    break;
                }
            }
            byOwn.merge(own, 1L, Long::sum);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", jfr.toString());
        m.put("execution_samples", samples);
        m.put("by_area", shares(byArea, samples, 12));
        m.put("top_frames", shares(byTop, samples, top));
        m.put("first_vkernel_frame", shares(byOwn, samples, top));
        return m;
    }

    static String area(String method) {
        if (method.startsWith("io.grpc.netty.shaded.io.netty.") || method.startsWith("io.netty.")
                || method.startsWith("io.vertx.")) {
            return "netty/vert.x (transport)";
        }
        if (method.startsWith("io.grpc.")) {
            return "grpc-java";
        }
        if (method.startsWith("com.google.protobuf.")) {
            return "protobuf";
        }
        if (method.startsWith("org.apache.kafka.")) {
            return "kafka client";
        }
        if (method.startsWith("vkernel.")) {
            return "vkernel";
        }
        if (method.startsWith("io.quarkus.") || method.startsWith("io.smallrye.") || method.startsWith("io.micrometer.")) {
            return "quarkus/smallrye/micrometer";
        }
        if (method.startsWith("sun.nio.") || method.startsWith("java.nio.") || method.startsWith("sun.net.")) {
            return "jdk nio (syscalls)";
        }
        if (method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.")) {
            return "jdk";
        }
        return "other";
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Map<String, Object>> shares(Map<String, Long> counts, long total, int top) {
        List<Map.Entry<String, Long>> es = new ArrayList<>(counts.entrySet());
        es.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < Math.min(top, es.size()); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", es.get(i).getKey());
            m.put("samples", es.get(i).getValue());
            m.put("percent", total == 0 ? 0.0 : Math.round(1000.0 * es.get(i).getValue() / total) / 10.0);
            out.add(m);
        }
        return out;
    }
}
