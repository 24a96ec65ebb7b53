package vkernel.runtime.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vkernel.kernel.state.StateRecord;

/**
 * Reads a state topic to its end and keeps the latest value of every key: the live
 * objects, in the order they were last written. Tombstones remove their key. Read
 * without a consumer group (assign, not subscribe): every starting instance reads it all.
 */
public final class StateRestore {
    /** What a restore found: the live objects, how many records it read, how long it took. */
    public record Restored(List<StateRecord> live, long recordsRead, long micros) {}

    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsTotal = new AtomicLong(-1);

    /** Records read so far (readiness reports it while a restore runs). */
    public long recordsRead() {
        return recordsRead.get();
    }

    /** Records to read in all (upper bound: end offsets minus start offsets), -1 until known. */
    public long recordsTotal() {
        return recordsTotal.get();
    }

    public Restored read(String bootstrap, String topic) {
        long start = System.nanoTime();
        Properties p = vkernel.runtime.kafka.KafkaClientConfig.base(bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(StateTopic.MAX_RECORD_BYTES));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, StateRecord> live = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo pi : consumer.partitionsFor(topic, Duration.ofMinutes(5))) {
                parts.add(new TopicPartition(topic, pi.partition()));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofMinutes(5));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, Duration.ofMinutes(5));
            recordsTotal.set(end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum());
            while (!caughtUp(consumer, end)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    recordsRead.incrementAndGet();
                    if (r.key() == null) {
                        continue;
                    }
                    live.remove(r.key());
                    if (r.value() != null) {
                        live.put(r.key(), new StateRecord(r.key(), r.partition(), r.value()));
                    }
                }
            }
        }
        return new Restored(new ArrayList<>(live.values()), recordsRead.get(), (System.nanoTime() - start) / 1000);
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
