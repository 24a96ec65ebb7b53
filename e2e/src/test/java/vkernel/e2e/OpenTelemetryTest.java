package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_STREAM;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * With OpenTelemetry switched on, every layer a syscall passes through exports spans
 * (OTLP) in the same trace as the syscall's events: the trace id vk trace prints is the
 * one in the spans. The collector here is an OTLP/HTTP endpoint that keeps what it gets.
 */
class OpenTelemetryTest {
    @Test
    void spansOfEveryLayerCarryTheTraceIdOfTheEvents() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", x -> {
            exports.add(x.getRequestBody().readAllBytes());
            x.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        collector.start();
        try (Kernel k = KernelFixture.start(Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms"))) {
            int pid;
            try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                    Task t = kernel.spawn(SpawnOptions.named("otel"))) {
                pid = t.pid();
                assertEquals(3, t.socket(AF_INET, SOCK_STREAM, 0));
            }
            String traceId = traceIdOfSocketCall(k, pid);
            byte[] id = HexFormat.of().parseHex(traceId);
            Set<String> services = ConcurrentHashMap.newKeySet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (services.size() < 3 && System.nanoTime() < deadline) {
                for (byte[] body : exports) {
                    if (indexOf(body, id) >= 0) {
                        String text = new String(body, StandardCharsets.ISO_8859_1);
                        for (String s : List.of("socket-service", "vfs-service", "inet-service")) {
                            if (text.contains(s)) {
                                services.add(s);
                            }
                        }
                    }
                }
                Thread.sleep(200);
            }
            assertEquals(Set.of("socket-service", "vfs-service", "inet-service"), services,
                    "services with a span in trace " + traceId + " (" + exports.size() + " exports received)");
        } finally {
            collector.stop(0);
        }
    }

    /** The trace id ./vk trace prints for the task's socket() call. */
    private static String traceIdOfSocketCall(Kernel k, int pid) throws Exception {
        Process p = new ProcessBuilder("./vk", "trace", "--kafka", k.kafkaBootstrap(),
                "--kafka-password-file", k.kafkaUsers().resolve("reader").toString(), "--from-beginning", "--pid",
                Integer.toString(pid), "--call", "socket", "--max", "1", "--seconds", "60")
                .directory(KernelFixture.home().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "vk trace ended");
        String first = out.lines().findFirst().orElse("");
        assertTrue(first.matches("pid " + pid + "  socket = 3  .* trace [0-9a-f]{32}"), out);
        return first.substring(first.length() - 32);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
