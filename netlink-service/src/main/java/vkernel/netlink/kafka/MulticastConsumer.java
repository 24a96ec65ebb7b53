package vkernel.netlink.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
 * the topics first, so it can read them all from their end without a consumer group;
 * while the broker is away it tries again every two seconds.
 */
final class MulticastConsumer {
    private static final Logger LOG = Logger.getLogger(MulticastConsumer.class);
    private static final long RETRY_MS = 2000;

    private final String bootstrap;
    private final String instanceId;
    private final AfNetlink af;
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, byte[]> consumer;

    MulticastConsumer(String bootstrap, String instanceId, AfNetlink af) {
        this.bootstrap = bootstrap;
        this.instanceId = instanceId;
        this.af = af;
        this.thread = new Thread(this::run, "netlink-multicast-consumer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
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
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaConfig.consumer(bootstrap,
                    "netlink-mc-" + instanceId.substring(0, 8)))) {
                createTopics();
                consumer = c;
                List<TopicPartition> parts = new ArrayList<>();
                for (String topic : topics()) {
                    for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(10))) {
                        parts.add(new TopicPartition(topic, pi.partition()));
                    }
                }
                c.assign(parts);
                c.seekToEnd(parts);
                LOG.infof("carrying netlink multicast from %d topics", parts.size());
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        deliver(r);
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

    /** A record from another instance, for the members here. */
    void deliver(ConsumerRecord<String, byte[]> r) {
        if (instanceId.equals(MulticastHeaders.text(r.headers(), MulticastHeaders.ORIGIN)) || r.value() == null) {
            return;
        }
        int protocol = NetlinkProtocols.byName(r.topic().substring(KafkaMulticast.TOPIC_PREFIX.length()));
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
                r.value()));
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
