package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.launcher.KafkaAuth;
import vkernel.launcher.Kernel;
import vkernel.socket.v1.BindRequest;
import vkernel.socket.v1.RecvmsgRequest;
import vkernel.socket.v1.RecvmsgResponse;
import vkernel.socket.v1.SocketServiceGrpc.SocketServiceBlockingStub;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * The bus is authenticated (issue 11, hostile input): a client without credentials can
 * neither write nor read; the read-only principal reads the events but its forged
 * RTM_NEWROUTE on netlink's multicast topic is refused by the broker and never reaches
 * a listener (the same record from netlink's principal does); one layer's principal
 * cannot write another layer's state or netlink's multicast.
 */
class KafkaAuthTest {
    private static final int IPV4_ROUTE_MASK = 1 << (Rtnetlink.RTNLGRP_IPV4_ROUTE - 1);
    private static Kernel kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelFixture.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    void aClientWithoutCredentialsCanNeitherProduceNorConsume() throws Exception {
        Properties plain = new Properties();
        plain.put("bootstrap.servers", kernel.kafkaBootstrap());
        Throwable produced = produce(plain, "vkernel.socket.events", "forged", new byte[] {1});
        assertInstanceOf(KafkaException.class, produced, "refused, not written: " + produced);

        Properties c = consumerProps(plain);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            assertThrows(KafkaException.class, () -> consumer.partitionsFor("vkernel.socket.events", Duration.ofSeconds(5)));
        }

        // A known principal with a wrong password is told so.
        Properties wrong = KafkaAuth.client(kernel.kafkaBootstrap(), KafkaAuth.READER, "not-the-password");
        assertInstanceOf(SaslAuthenticationException.class, produce(wrong, "vkernel.socket.events", "forged", new byte[] {1}));
    }

    @Test
    void theReaderReadsEventsButItsForgedRouteIsRefusedAndReachesNoListener() throws Exception {
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse task = c.spawn(SpawnRequest.newBuilder().setComm("kafkaauth").setUnshareNet(true).build());
            Supplier<SocketServiceBlockingStub> s = () -> c.sockets(task.getToken());
            int listener = (int) c.socket(task.getToken(), Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE).getRet();
            assertTrue(listener >= 0, "socket()");
            assertEquals(Errno.ERRNO_UNSPECIFIED, s.get().bind(BindRequest.newBuilder().setFd(listener)
                    .setAddr(ByteString.copyFrom(new SockaddrNl(0, IPV4_ROUTE_MASK).encode())).build()).getErrno());

            // The reader reads the layers' events (the socket() and bind() above are there).
            Properties reader = consumerProps(kernel.kafkaReader());
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(reader)) {
                consumer.subscribe(List.of("vkernel.socket.events"));
                int seen = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (seen == 0 && System.nanoTime() < deadline) {
                    ConsumerRecords<String, byte[]> r = consumer.poll(Duration.ofMillis(500));
                    seen += r.count();
                }
                assertTrue(seen > 0, "the reader consumed socket-service's events");
            }
            // ... but not a layer's state.
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(kernel.kafkaReader()))) {
                consumer.assign(List.of(new TopicPartition("vkernel.vfs.state", 0)));
                consumer.seekToBeginning(List.of(new TopicPartition("vkernel.vfs.state", 0)));
                assertThrows(TopicAuthorizationException.class, () -> {
                    for (int i = 0; i < 20; i++) {
                        consumer.poll(Duration.ofMillis(500));
                    }
                });
            }

            // The reader's RTM_NEWROUTE as if from another netlink-service instance: refused by the broker.
            Throwable forged = produce(kernel.kafkaReader(), "vkernel.netlink.route", Long.toString(task.getNetns()),
                    route(7), task.getNetns());
            assertInstanceOf(TopicAuthorizationException.class, forged, "the reader may not write multicast: " + forged);
            // Nor may a layer other than netlink: inet's principal is refused too.
            Throwable fromInet = produce(kernel.kafkaClient("inet"), "vkernel.netlink.route", Long.toString(task.getNetns()),
                    route(8), task.getNetns());
            assertInstanceOf(TopicAuthorizationException.class, fromInet, "inet may not write netlink's multicast: " + fromInet);
            Thread.sleep(2000); // what got through would have arrived by now
            assertEquals(Errno.ERRNO_EAGAIN, recv(s, listener, Socket.MSG_DONTWAIT).getErrno(),
                    "no forged RTM_NEWROUTE reached the listener");

            // The same record from netlink's principal (another netlink-service instance) is delivered:
            // the refusal above is the ACL, not a record the listener would have dropped anyway.
            byte[] genuine = route(9);
            Throwable fromNetlink = produce(kernel.kafkaClient("netlink"), "vkernel.netlink.route",
                    Long.toString(task.getNetns()), genuine, task.getNetns());
            assertEquals(null, fromNetlink, "netlink's principal writes its multicast topic");
            assertArrayEquals(genuine, recv(s, listener, 0).getData().toByteArray(), "netlink's own broadcast arrives");
            c.exit(task.getToken());
        }
    }

    @Test
    void aLayerCannotWriteAnotherLayersStateOrEvents() throws Exception {
        Properties vfs = kernel.kafkaClient("vfs");
        for (String topic : List.of("vkernel.inet.state", "vkernel.socket.state", "vkernel.netlink.state", "vkernel.inet.events")) {
            Throwable t = produce(vfs, topic, "forged", new byte[] {1, 2, 3});
            assertInstanceOf(TopicAuthorizationException.class, t, "vfs writing " + topic + ": " + t);
        }
        Throwable t = produce(kernel.kafkaClient("netlink"), "vkernel.vfs.state", "forged", new byte[] {1});
        assertInstanceOf(TopicAuthorizationException.class, t, "netlink writing vfs's state: " + t);
    }

    private static byte[] route(int net) {
        RtMsg rtm = new RtMsg(Socket.AF_INET, 16, 0, 0, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_STATIC,
                Rtnetlink.RT_SCOPE_LINK, Rtnetlink.RTN_UNICAST, 0);
        return new NlMsgBuilder(Rtnetlink.RTM_NEWROUTE, 0, 0, 0).rtmsg(rtm)
                .attr(RtAttr.inAddr(Rtnetlink.RTA_DST, (10 << 24) | (net << 16))).attrU32(Rtnetlink.RTA_OIF, 1).build();
    }

    /** Sends one record; null when the broker took it, else why not. */
    private static Throwable produce(Properties client, String topic, String key, byte[] value) {
        return produce(client, topic, key, value, -1);
    }

    private static Throwable produce(Properties client, String topic, String key, byte[] value, long netns) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // not idempotent: a refusal is then the topic's ACL, not the producer id's
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "8000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
            if (netns >= 0) {
                r.headers().add("group", ascii(Rtnetlink.RTNLGRP_IPV4_ROUTE)).add("netns", ascii(netns))
                        .add("origin", "another-netlink-instance".getBytes(StandardCharsets.US_ASCII))
                        .add("portid", ascii(0)).add("exclude_portid", ascii(0));
            }
            producer.send(r).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (KafkaException e) {
            return e;
        } catch (Exception e) {
            return e;
        }
    }

    private static Properties consumerProps(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, KafkaAuth.READER_GROUP_PREFIX + "kafka-auth-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private static RecvmsgResponse recv(Supplier<SocketServiceBlockingStub> s, int fd, int flags) {
        return s.get().recvmsg(RecvmsgRequest.newBuilder().setFd(fd).setLen(65536).setFlags(flags).build());
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
