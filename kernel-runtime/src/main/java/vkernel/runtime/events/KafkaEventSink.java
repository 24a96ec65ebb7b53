package vkernel.runtime.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import vkernel.event.v1.KernelEvent;
import vkernel.runtime.trace.TraceContext;

/**
 * Sends events to Kafka as proto3 JSON, keyed by pid, acks=all and idempotent. The
 * syscall path only enqueues; one publisher thread serialises and sends, so a slow
 * or absent broker never delays a syscall. Every event that cannot be sent (queue
 * full, send failed) is counted, logged and reported on the topic itself as soon as the
 * publisher can: one {@link LostEvents} event with the count and the span of the gap.
 *
 * <p>Under load the publisher takes the queue in batches a few milliseconds apart
 * rather than waking for every event: a wake-up per step would cost the syscall path a
 * futex call and, on a small machine, the CPU it is waiting for.
 */
public final class KafkaEventSink implements EventSink {
    private static final Logger LOG = Logger.getLogger(KafkaEventSink.class);
    /** Events held while the broker is slow or away, before they count as lost (vkernel.events.queue). */
    public static final int DEFAULT_QUEUE_CAPACITY = 1 << 16;

    private final KafkaProducer<String, String> producer;
    private final BlockingQueue<KernelEvent> queue;
    private final LostEvents lost = new LostEvents();
    private final String layer;
    private final String instanceId;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread publisher;
    private volatile boolean closing;

    public KafkaEventSink(String bootstrapServers, String layer, String instanceId, int queueCapacity) {
        this.layer = layer;
        this.instanceId = instanceId;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        String clientId = layer + "-" + instanceId.substring(0, Math.min(8, instanceId.length()));
        Properties p = vkernel.runtime.kafka.KafkaClientConfig.base(bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // One produce request per gathered batch, not per step (a syscall is a dozen steps);
        // 10 ms is still "at once" in vk trace.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(vkernel.runtime.kafka.KafkaClientConfig.PRODUCER_BATCH_BYTES));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
        this.publisher = new Thread(this::run, "kernel-events-" + clientId);
        this.publisher.setDaemon(true);
        this.publisher.start();
    }

    @Override
    public void publish(KernelEvent event) {
        if (!queue.offer(event)) {
            lost.add(event);
            long n = failed.incrementAndGet();
            if (Long.bitCount(n) == 1) { // log at 1, 2, 4, 8 ... so a flood stays readable
                LOG.warnf("event queue full: %d events not published so far (latest %s/%s)", n,
                        event.getLayer(), event.getFunction());
            }
        }
    }

    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }

    /** How long the publisher lets events gather after a busy batch before it takes the next. */
    private static final long GATHER_MILLIS = 10;

    private void run() {
        List<KernelEvent> batch = new ArrayList<>(1024);
        while (!closing || !queue.isEmpty()) {
            try {
                queue.drainTo(batch, 1024);
                if (batch.isEmpty()) {
                    // idle: block, so the next event wakes us (and an idle layer costs nothing)
                    KernelEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        reportLost();
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, 1023);
                }
                reportLost();
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        send(batch.get(i));
                    } catch (RuntimeException e) {
                        // the broker is away past max.block.ms: this and the rest of the batch are lost
                        for (KernelEvent unsent : batch.subList(i, batch.size())) {
                            lost.add(unsent);
                        }
                        failed.addAndGet(batch.size() - i);
                        LOG.errorf("could not publish %d events: %s", batch.size() - i, e.toString());
                        break;
                    }
                }
                batch.clear();
                if (!closing) {
                    Thread.sleep(GATHER_MILLIS); // busy: let the next batch gather without waking us
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "event publisher failed");
            }
        }
    }

    /** Sends the report of a gap, if there is one; a report that cannot be sent is kept for the next. */
    private void reportLost() {
        KernelEvent report = lost.take(layer, instanceId, System.currentTimeMillis() * 1000);
        if (report == null) {
            return;
        }
        LOG.warnf("%s events lost; reporting the gap on %s", report.getFieldsOrThrow("lost"), KernelEvents.topic(layer));
        try {
            producer.send(record(report), (meta, err) -> {
                if (err != null) {
                    lost.restore(report);
                }
            });
        } catch (RuntimeException e) {
            lost.restore(report);
        }
    }

    /** Events lost and not yet reported. */
    public long lostPending() {
        return lost.pending();
    }

    private ProducerRecord<String, String> record(KernelEvent e) {
        ProducerRecord<String, String> record = new ProducerRecord<>(KernelEvents.topic(e.getLayer()),
                Integer.toString(e.getPid()), EventJson.print(e));
        if (!e.getTraceId().isEmpty()) {
            record.headers().add("traceparent", new TraceContext(e.getTraceId(), e.getSpanId(), e.getSyscall())
                    .traceparent().getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }

    private void send(KernelEvent e) {
        producer.send(record(e), (meta, err) -> {
            if (err == null) {
                published.incrementAndGet();
            } else {
                lost.add(e);
                long n = failed.incrementAndGet();
                if (Long.bitCount(n) == 1) {
                    LOG.warnf("events not published: %d so far (latest: %s)", n, err.toString());
                }
            }
        });
    }

    @Override
    public void close() {
        closing = true;
        try {
            publisher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
