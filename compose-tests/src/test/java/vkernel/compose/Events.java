package vkernel.compose;

import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vkernel.event.v1.KernelEvent;

/** Reads the layers' event topics (proto3 JSON of KernelEvent) as any Kafka client would. */
final class Events {
    private Events() {}

    static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The events of one trace on the given topics, from the beginning: polls until
     * {@code done} holds for what was read (then one more quiet poll) or the timeout.
     */
    static List<KernelEvent> trace(String bootstrap, List<String> topics, String traceId, Predicate<List<KernelEvent>> done,
            Duration timeout) throws Exception {
        Properties plain = new Properties();
        plain.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return trace(plain, topics, traceId, done, timeout);
    }

    /** As above, as the client whose properties (bootstrap.servers, SASL) are given: the reader's. */
    static List<KernelEvent> trace(Properties client, List<String> topics, String traceId, Predicate<List<KernelEvent>> done,
            Duration timeout) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vk-compose-tests-" + traceId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<KernelEvent> found = new ArrayList<>();
        JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean satisfied = false;
            while (System.nanoTime() < deadline) {
                int before = found.size();
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                    KernelEvent.Builder b = KernelEvent.newBuilder();
                    parser.merge(rec.value(), b);
                    if (b.getTraceId().equals(traceId)) {
                        found.add(b.build());
                    }
                }
                if (satisfied && found.size() == before) {
                    break;
                }
                satisfied = done.test(found);
            }
        }
        return found;
    }

    static String describe(List<KernelEvent> events) {
        StringBuilder sb = new StringBuilder();
        for (KernelEvent e : events) {
            sb.append("\n  ").append(e.getLayer()).append(' ').append(e.getFunction()).append(" span=").append(e.getSpanId())
                    .append(" parent=").append(e.getParentSpanId()).append(" result=").append(e.getResult()).append(' ')
                    .append(e.getErrno());
        }
        return sb.toString();
    }
}
