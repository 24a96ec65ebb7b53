package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_DGRAM;

import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
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
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * Events that a layer cannot publish are never a silent hole: with an event queue of 2,
 * a burst of calls overflows the layers' queues, and each layer that dropped events
 * reports the gap on its own topic (an events_lost event with the count), which is what
 * vk trace prints.
 */
class EventsLostTest {
    @Test
    void anOverflowingEventQueueIsReportedAsAGap() throws Exception {
        try (Kernel k = KernelFixture.start(Map.of("VKERNEL_EVENTS_QUEUE", "2"))) {
            try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                    Task t = kernel.spawn(SpawnOptions.named("burst").newNetnsWithLoopback())) {
                for (int i = 0; i < 300; i++) {
                    t.close(t.socket(AF_INET, SOCK_DGRAM, 0));
                }
            }
            long reported = lostReported(k, Duration.ofSeconds(30));
            assertTrue(reported > 0, "the layers reported lost events: " + reported);
        }
    }

    /** The sum of the losses reported on the layers' topics, once one report arrived (or 0 at the timeout). */
    private static long lostReported(Kernel k, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.putAll(k.kafkaReader());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vk-events-lost-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long sum = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(java.util.List.of("vkernel.vfs.events", "vkernel.socket.events", "vkernel.inet.events",
                    "vkernel.netlink.events"));
            while (System.nanoTime() < deadline && sum == 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    KernelEvent.Builder b = KernelEvent.newBuilder();
                    JsonFormat.parser().ignoringUnknownFields().merge(r.value(), b);
                    if ("events_lost".equals(b.getFunction())) {
                        sum += Long.parseLong(b.getFieldsOrThrow("lost"));
                    }
                }
            }
        }
        return sum;
    }
}
