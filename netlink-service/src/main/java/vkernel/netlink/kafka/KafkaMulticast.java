package vkernel.netlink.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.netlink.core.MulticastBus;
import vkernel.netlink.core.NetlinkProtocols;
import vkernel.netlink.grpc.NetlinkLayer;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;

/**
 * Netlink multicast over Kafka: every broadcast this instance makes (a route change's
 * RTM_NEWROUTE, a user's datagram to a group) goes to the topic of its protocol,
 * vkernel.netlink.PROTOCOL, as the real message bytes with the group, namespace and
 * origin in headers; {@link MulticastConsumer} delivers the other instances' ones here.
 * Publishing only enqueues: one thread sends, so a slow broker never delays a syscall.
 * Started by the restore (netlink's tables first, then the topics from where it left them).
 */
@ApplicationScoped
public class KafkaMulticast implements MulticastBus {
    private static final Logger LOG = Logger.getLogger(KafkaMulticast.class);
    private static final int QUEUE_CAPACITY = 1 << 14;
    static final String TOPIC_PREFIX = "vkernel.netlink.";

    @Inject
    KernelRuntime runtime;

    @Inject
    NetlinkLayer layer;

    @Inject
    LayerState state;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:7092")
    String bootstrapServers;

    @ConfigProperty(name = "vkernel.netlink.kafka-multicast", defaultValue = "true")
    boolean enabled;

    private final BlockingQueue<Multicast> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private KafkaProducer<String, byte[]> producer;
    private MulticastConsumer consumer;
    private Thread publisher;
    private volatile boolean closing;

    /** The topic of a netlink protocol. */
    public static String topic(int protocol) {
        return TOPIC_PREFIX + NetlinkProtocols.name(protocol);
    }

    /**
     * Starts carrying multicast, once the core's tables (and its multicast origin and
     * positions) are restored; completes when what other instances published meanwhile
     * has been delivered.
     */
    public synchronized CompletableFuture<Void> start() {
        if (!enabled) {
            LOG.warn("netlink multicast over Kafka is off (vkernel.netlink.kafka-multicast=false)");
            return CompletableFuture.completedFuture(null);
        }
        if (consumer != null) {
            return consumer.caughtUp();
        }
        producer = new KafkaProducer<>(KafkaConfig.producer(bootstrapServers, "netlink-mc-" + shortId()));
        publisher = new Thread(this::run, "netlink-multicast-publisher");
        publisher.setDaemon(true);
        publisher.start();
        consumer = new MulticastConsumer(bootstrapServers, "netlink-mc-" + shortId(), layer.af().identity(), layer.af(),
                state::commit);
        consumer.start();
        layer.af().setBus(this);
        return consumer.caughtUp();
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (producer == null) {
            return;
        }
        layer.af().setBus(MulticastBus.NONE);
        closing = true;
        consumer.close();
        try {
            publisher.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(3));
    }

    private String shortId() {
        return runtime.instanceId().substring(0, 8);
    }

    @Override
    public void publish(Multicast m) {
        if (!queue.offer(m)) {
            long n = failed.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warnf("multicast queue full: %d netlink multicasts not carried to other instances", n);
            }
        }
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            try {
                Multicast m = queue.poll(100, TimeUnit.MILLISECONDS);
                if (m != null) {
                    send(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                LOG.error("could not publish a netlink multicast", e);
            }
        }
    }

    private void send(Multicast m) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic(m.protocol()), Long.toString(m.netns()), m.data());
        Headers h = r.headers();
        h.add(MulticastHeaders.GROUP, ascii(m.group()));
        h.add(MulticastHeaders.NETNS, ascii(m.netns()));
        h.add(MulticastHeaders.ORIGIN, layer.af().identity().getBytes(StandardCharsets.US_ASCII));
        h.add(MulticastHeaders.PORTID, ascii(Integer.toUnsignedLong(m.portid())));
        h.add(MulticastHeaders.EXCLUDE_PORTID, ascii(Integer.toUnsignedLong(m.excludePortid())));
        producer.send(r, (meta, err) -> {
            if (err == null) {
                published.incrementAndGet();
            } else if (Long.bitCount(failed.incrementAndGet()) == 1) {
                LOG.warnf("netlink multicasts not published: %d so far (latest: %s)", failed.get(), err.toString());
            }
        });
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }
}
