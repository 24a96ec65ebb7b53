package vkernel.runtime.events;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
 * full, send failed) is counted and logged, never dropped silently.
 */
public final class KafkaEventSink implements EventSink {
    private static final Logger LOG = Logger.getLogger(KafkaEventSink.class);
    private static final int QUEUE_CAPACITY = 1 << 16;

    private final KafkaProducer<String, String> producer;
    private final BlockingQueue<KernelEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final JsonFormat.Printer json = JsonFormat.printer().omittingInsignificantWhitespace();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread publisher;
    private volatile boolean closing;

    public KafkaEventSink(String bootstrapServers, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Kafka 4 defaults to 5 ms; events should show up in vk trace at once.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
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

    private void run() {
        List<KernelEvent> batch = new ArrayList<>(256);
        while (!closing || !queue.isEmpty()) {
            try {
                KernelEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                for (KernelEvent e : batch) {
                    send(e);
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.addAndGet(batch.size());
                LOG.errorf(e, "could not publish %d events", batch.size());
                batch.clear();
            }
        }
    }

    private void send(KernelEvent e) {
        String value;
        try {
            value = json.print(e);
        } catch (InvalidProtocolBufferException ex) {
            failed.incrementAndGet();
            LOG.errorf(ex, "event %s/%s cannot be printed as JSON", e.getLayer(), e.getFunction());
            return;
        }
        ProducerRecord<String, String> record = new ProducerRecord<>(KernelEvents.topic(e.getLayer()),
                Integer.toString(e.getPid()), value);
        record.headers().add("traceparent", new TraceContext(e.getTraceId(), e.getSpanId(), e.getSyscall())
                .traceparent().getBytes(StandardCharsets.US_ASCII));
        producer.send(record, (meta, err) -> {
            if (err == null) {
                published.incrementAndGet();
            } else {
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
