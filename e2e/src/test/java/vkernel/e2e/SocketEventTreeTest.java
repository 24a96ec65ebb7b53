package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import vkernel.event.v1.KernelEvent;
import vkernel.launcher.Kernel;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.In;
import vkernel.uapi.Socket;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * One socket(AF_INET, SOCK_STREAM, 0) call, read back from the layers' Kafka topics as
 * the call tree of net/socket.c: every step in its layer, under the step that caused it.
 */
class SocketEventTreeTest {
    @Test
    void socketCallIsPublishedAsOneTreeAcrossTheLayers() throws Exception {
        Kernel kernel = KernelFixture.kernel();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String clientSpan = "00f067aa0ba902b7";
        SocketResponse r;
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse task = c.spawn(SpawnRequest.newBuilder().setComm("tree").setUnshareNet(true).build());
            r = c.sockets(task.getToken(), RawKernelClient.traceparent(traceId, clientSpan)).socket(SocketRequest.newBuilder()
                    .setDomain(Socket.AF_INET).setType(Socket.SOCK_STREAM).setProtocol(In.IPPROTO_IP).build());
            c.exit(task.getToken());
        }
        assertEquals(3, r.getRet(), "a new task's first socket is fd 3");

        Map<String, KernelEvent> bySpan = readTrace(kernel, traceId, 10);
        KernelEvent root = only(bySpan, "socket", clientSpan);
        assertEquals("socket", root.getLayer());
        assertEquals(3, root.getResult());
        KernelEvent create = only(bySpan, "__sock_create", root.getSpanId());
        KernelEvent alloc = only(bySpan, "sock_alloc", create.getSpanId());
        assertEquals("vfs", only(bySpan, "new_inode_pseudo", alloc.getSpanId()).getLayer());
        KernelEvent inetCreate = only(bySpan, "inet_create", create.getSpanId());
        assertEquals("inet", inetCreate.getLayer());
        List<String> inetSteps = new ArrayList<>();
        for (KernelEvent e : bySpan.values()) {
            if (e.getLayer().equals("inet") && !e.getFunction().equals("inet_create")) {
                inetSteps.add(e.getFunction());
            }
        }
        assertTrue(inetSteps.containsAll(List.of("sk_alloc", "sock_init_data")), "inet steps: " + inetSteps);
        KernelEvent map = only(bySpan, "sock_map_fd", root.getSpanId());
        KernelEvent install = only(bySpan, "fd_install", map.getSpanId());
        assertEquals("vfs", install.getLayer());
        assertEquals("3", install.getObjectsOrThrow("fd"));
        assertEquals(alloc.getObjectsOrThrow("ino"), install.getObjectsOrThrow("ino"), "the fd is installed on the inode sock_alloc made");
        for (KernelEvent e : bySpan.values()) {
            assertEquals(root.getPid(), e.getPid(), e.getFunction() + " names the calling task");
        }
    }

    /** The one event of a function whose parent is the given span. */
    private static KernelEvent only(Map<String, KernelEvent> bySpan, String function, String parent) {
        KernelEvent found = null;
        for (KernelEvent e : bySpan.values()) {
            if (e.getFunction().equals(function) && e.getParentSpanId().equals(parent)) {
                assertEquals(null, found, "two " + function + " steps under " + parent);
                found = e;
            }
        }
        assertNotNull(found, function + " under span " + parent + " in " + describe(bySpan));
        return found;
    }

    private static String describe(Map<String, KernelEvent> bySpan) {
        StringBuilder sb = new StringBuilder();
        for (KernelEvent e : bySpan.values()) {
            sb.append("\n  ").append(e.getLayer()).append(' ').append(e.getFunction()).append(" span=").append(e.getSpanId())
                    .append(" parent=").append(e.getParentSpanId());
        }
        return sb.toString();
    }

    /** Consumes the layers' topics from the beginning until the trace has at least min events and goes quiet. */
    private static Map<String, KernelEvent> readTrace(Kernel kernel, String traceId, int min) throws Exception {
        Properties p = new Properties();
        p.putAll(kernel.kafkaReader());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vk-e2e-" + traceId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, KernelEvent> bySpan = new HashMap<>();
        JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of("vkernel.socket.events", "vkernel.vfs.events", "vkernel.inet.events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int quietPolls = 0;
            while (System.nanoTime() < deadline && (bySpan.size() < min || quietPolls < 3)) {
                int before = bySpan.size();
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    KernelEvent.Builder b = KernelEvent.newBuilder();
                    parser.merge(rec.value(), b);
                    if (b.getTraceId().equals(traceId)) {
                        bySpan.put(b.getSpanId(), b.build());
                    }
                }
                quietPolls = bySpan.size() == before ? quietPolls + 1 : 0;
            }
        }
        return bySpan;
    }
}
