package vkernel.junit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import vkernel.event.v1.KernelEvent;
import vkernel.trace.CallTree;
import vkernel.trace.TreePrinter;

/**
 * Every layer's events of one kernel, read from the start by one consumer thread and
 * gathered into call trees by trace id, for the {@link KernelEvents} of each test to look
 * at. A topic a layer creates later is found within half a second (pattern subscription).
 */
final class EventLog implements AutoCloseable {
    private static final Pattern TOPICS = Pattern.compile("vkernel\\.(vfs|socket|inet|netlink)\\.events");

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final Map<String, CallTree> trees = new LinkedHashMap<>();
    private long lastArrivalNanos = System.nanoTime();
    private long eventsLost;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    /** reader: bootstrap.servers and the read-only principal's SASL settings (RunningKernel.kafkaReader). */
    private EventLog(Properties reader) {
        Properties p = new Properties();
        p.putAll(reader);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vk-junit-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        thread = new Thread(this::run, "vkernel-junit-events");
        thread.setDaemon(true);
    }

    static EventLog start(Properties reader) {
        EventLog log = new EventLog(reader);
        log.thread.start();
        return log;
    }

    private void run() {
        JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
        try {
            consumer.subscribe(TOPICS);
            while (!closing) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(50))) {
                    KernelEvent.Builder b = KernelEvent.newBuilder();
                    try {
                        parser.merge(rec.value(), b);
                    } catch (InvalidProtocolBufferException notOurs) {
                        continue;
                    }
                    add(b.build(), rec.timestamp());
                }
            }
        } catch (WakeupException e) {
            // close() ends the poll
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void add(KernelEvent e, long publishedMillis) {
        long now = System.nanoTime();
        lastArrivalNanos = now;
        if (TreePrinter.EVENTS_LOST.equals(e.getFunction())) {
            eventsLost++;
        } else {
            trees.computeIfAbsent(e.getTraceId(), CallTree::new).add(e, publishedMillis, now);
        }
        notifyAll();
    }

    /** The trees whose syscall started at or after sinceMicros and that were quiet for grace, in start order. */
    synchronized List<CallTree> settled(long sinceMicros, Duration grace) {
        checkAlive();
        long now = System.nanoTime();
        List<CallTree> out = new ArrayList<>();
        for (CallTree t : trees.values()) {
            KernelEvent root = t.root();
            if (root != null && root.getStartUnixMicros() >= sinceMicros && now - t.lastUpdateNanos() >= grace.toNanos()) {
                out.add(t);
            }
        }
        out.sort((a, b) -> Long.compare(a.root().getStartUnixMicros(), b.root().getStartUnixMicros()));
        return out;
    }

    /** Nanos since the last event of any layer arrived. */
    synchronized long quietNanos() {
        return System.nanoTime() - lastArrivalNanos;
    }

    synchronized long eventsLost() {
        return eventsLost;
    }

    /** Waits up to millis for another event (or returns sooner when one arrives). */
    synchronized void awaitArrival(long millis) throws InterruptedException {
        checkAlive();
        wait(Math.max(1, millis));
    }

    /** Drops the trees of syscalls started before micros: an earlier test's, no longer asked about. */
    synchronized void forgetBefore(long micros) {
        for (Iterator<CallTree> it = trees.values().iterator(); it.hasNext();) {
            KernelEvent root = it.next().root();
            if (root != null && root.getStartUnixMicros() < micros) {
                it.remove();
            }
        }
    }

    private void checkAlive() {
        if (failure != null) {
            throw new IllegalStateException("reading the kernel's events failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(5000);
    }
}
