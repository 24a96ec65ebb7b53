package vkernel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import vkernel.event.v1.KernelEvent;

/** Reading a backlog: a call's tree waits until every topic has been read past it. */
class ReadProgressTest {
    private static final TopicPartition VFS = new TopicPartition("vkernel.vfs.events", 0);
    private static final TopicPartition INET = new TopicPartition("vkernel.inet.events", 0);

    @Test
    void aTreeReadFromOneTopicWaitsForTheTopicsBehindIt() {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(VFS, INET));
        consumer.updateBeginningOffsets(Map.of(VFS, 0L, INET, 0L));
        consumer.updateEndOffsets(Map.of(VFS, 5L, INET, 2L));
        consumer.addRecord(new ConsumerRecord<>(VFS.topic(), 0, 0, 10_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "k", "v", new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()));
        ReadProgress progress = new ReadProgress();
        TraceAssembler asm = new TraceAssembler(400_000_000L);
        for (var rec : consumer.poll(java.time.Duration.ZERO)) {
            progress.read(new TopicPartition(rec.topic(), rec.partition()), rec.timestamp());
        }
        asm.add(step("a", "client", "socket"), 10_000L, 0);

        long never = Long.MIN_VALUE;
        assertEquals(never, progress.watermarkMillis(consumer), "inet not read at all: nothing is known to be complete");
        assertEquals(List.of(), asm.complete(10_000_000_000L, progress.watermarkMillis(consumer)), "quiet, but inet is behind");

        progress.read(INET, 10_300L); // inet read up to 300 ms after the call: its steps may still come
        assertEquals(10_000L, progress.watermarkMillis(consumer), "vfs, still behind, holds the watermark at its last record");
        assertEquals(List.of(), asm.complete(10_000_000_000L, 10_300L));

        consumer.seek(VFS, 5L);
        consumer.seek(INET, 2L); // every partition read to its end: no backlog, quiet is enough
        assertEquals(Long.MAX_VALUE, progress.watermarkMillis(consumer));
        assertEquals(1, asm.complete(10_000_000_000L, progress.watermarkMillis(consumer)).size());
    }

    private static KernelEvent step(String span, String parent, String function) {
        return KernelEvent.newBuilder().setTraceId("t").setSpanId(span).setParentSpanId(parent).setLayer("socket")
                .setFunction(function).setPid(101).build();
    }
}
