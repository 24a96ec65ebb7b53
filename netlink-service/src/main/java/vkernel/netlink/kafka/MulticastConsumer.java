package vkernel.netlink.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;
import vkernel.netlink.core.AfNetlink;
import vkernel.netlink.core.MulticastBus;
import vkernel.netlink.core.NetlinkProtocols;
import vkernel.uapi.Netlink;

/**
 * Reads every netlink protocol's topic on a thread of its own and hands the broadcasts
 * other instances made to this instance's members (AfNetlink.deliverRemote). It makes
 * the topics first and reads them without a consumer group: from where the core's
 * restored positions say (so what was published while this layer was down is delivered
 * after its restore), or from their end on a first start. After each batch it waits for
 * the deliveries to be durable, then records how far it got. While the broker is away it
 * tries again every two seconds.
 */
final class MulticastConsumer {
    private static final Logger LOG = Logger.getLogger(MulticastConsumer.class);
    private static final long RETRY_MS = 2000;

    private final String bootstrap;
    private final String clientId;
    private final String origin;
    private final AfNetlink af;
    private final Supplier<CompletableFuture<Void>> commit;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * origin: what this layer writes on its own records (they were delivered here when
     * made); commit: makes the core's changes durable.
     */
    MulticastConsumer(String bootstrap, String clientId, String origin, AfNetlink af,
            Supplier<CompletableFuture<Void>> commit) {
        this.bootstrap = bootstrap;
        this.clientId = clientId;
        this.origin = origin;
        this.af = af;
        this.commit = commit;
        this.thread = new Thread(this::run, "netlink-multicast-consumer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Completes once every record that was on the topics when reading began is delivered. */
    CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    void close() {
        closed = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> topics() {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < Netlink.MAX_LINKS; p++) {
            if (NetlinkProtocols.get(p).registered()) {
                out.add(KafkaMulticast.topic(p));
            }
        }
        return out;
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaConfig.consumer(bootstrap, clientId))) {
                createTopics();
                consumer = c;
                List<TopicPartition> parts = new ArrayList<>();
                for (String topic : topics()) {
                    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                    if (infos == null || infos.isEmpty()) {
                        // Just made: a topic read from nowhere would have no position to go on from.
                        throw new IllegalStateException("no partitions of " + topic + " known yet");
                    }
                    for (PartitionInfo pi : infos) {
                        parts.add(new TopicPartition(topic, pi.partition()));
                    }
                }
                c.assign(parts);
                int resumed = 0;
                for (TopicPartition tp : parts) {
                    Long from = af.mcPosition(protocolOf(tp.topic()), tp.partition());
                    if (from == null) {
                        c.seekToEnd(List.of(tp));
                    } else {
                        c.seek(tp, from);
                        resumed++;
                    }
                }
                Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
                LOG.infof("carrying netlink multicast from %d topics (%d resumed where the last run stopped)",
                        parts.size(), resumed);
                advance(c, parts); // a first start records where it began: a later restart goes on from there
                while (!closed) {
                    var batch = c.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<String, byte[]> r : batch) {
                        deliver(r);
                    }
                    if (!batch.isEmpty()) {
                        advance(c, parts);
                    }
                    if (!caughtUp.isDone() && reached(c, end)) {
                        caughtUp.complete(null);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                // The broker often starts after us: only a lasting failure is worth a warning.
                if (++failures > 5) {
                    LOG.warnf("netlink multicast consumer: %s; retrying", e.toString());
                } else {
                    LOG.debugf("netlink multicast consumer: %s; retrying", e.toString());
                }
                sleep();
            } finally {
                consumer = null;
            }
        }
    }

    /**
     * The deliveries so far are made durable, then the positions reached are recorded
     * (in that order: a position on the state topic never runs ahead of what it covers).
     */
    private void advance(KafkaConsumer<String, byte[]> c, List<TopicPartition> parts) {
        for (TopicPartition tp : parts) {
            af.mcStart(protocolOf(tp.topic()), tp.partition(), c.position(tp));
        }
        commit.get().join();
        af.recordMcPositions();
        commit.get();
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static int protocolOf(String topic) {
        return NetlinkProtocols.byName(topic.substring(KafkaMulticast.TOPIC_PREFIX.length()));
    }

    private void createTopics() throws InterruptedException, ExecutionException {
        List<NewTopic> wanted = new ArrayList<>();
        for (String t : topics()) {
            wanted.add(new NewTopic(t, 1, (short) 1));
        }
        try (Admin admin = Admin.create(KafkaConfig.admin(bootstrap))) {
            for (var f : admin.createTopics(wanted).values().values()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** A record from another instance, for the members here; this layer's own (of any earlier life) are not. */
    void deliver(ConsumerRecord<String, byte[]> r) {
        if (origin.equals(MulticastHeaders.text(r.headers(), MulticastHeaders.ORIGIN)) || r.value() == null) {
            return;
        }
        int protocol = protocolOf(r.topic());
        if (protocol < 0) {
            return;
        }
        long group = MulticastHeaders.number(r.headers(), MulticastHeaders.GROUP, 0);
        long netns = MulticastHeaders.number(r.headers(), MulticastHeaders.NETNS, NetlinkProtocols.INIT_NETNS);
        long portid = MulticastHeaders.number(r.headers(), MulticastHeaders.PORTID, 0);
        long exclude = MulticastHeaders.number(r.headers(), MulticastHeaders.EXCLUDE_PORTID, 0);
        if (group <= 0 || group > Integer.MAX_VALUE) {
            return;
        }
        af.deliverRemote(new MulticastBus.Multicast(protocol, netns, (int) group, (int) portid, (int) exclude,
                r.value()), r.partition(), r.offset());
    }

    private void sleep() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
