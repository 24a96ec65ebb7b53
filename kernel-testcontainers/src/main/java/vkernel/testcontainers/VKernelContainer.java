package vkernel.testcontainers;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startable;
import vkernel.launcher.KafkaAuth;
import vkernel.sdk.VKernel;

/**
 * A whole vkernel in containers, as docker-compose.yml runs it: the broker image and the
 * four layers' images on a network of their own, each layer waited for until its
 * readiness check answers 200 (which in socket-service includes its families' registration).
 * Works as a {@code @Container} field under {@code @Testcontainers}, or started by hand.
 *
 * <p>The images are the ones {@code docker compose build} makes in a vkernel checkout
 * ({@code vkernel/kafka}, {@code vkernel/vfs-service} ...); nothing is pulled.
 *
 * <pre>
 * &#64;Container
 * static final VKernelContainer KERNEL = new VKernelContainer();
 * ...
 * try (VKernel k = KERNEL.connect(); Task t = k.spawn("demo")) { ... }
 * </pre>
 */
public class VKernelContainer implements Startable {
    /** The layers in the order they start, with the ports their images listen on. */
    private static final List<LayerSpec> LAYERS = List.of(
            new LayerSpec("vfs-service", 7001, 7101),
            new LayerSpec("socket-service", 7002, 7102),
            new LayerSpec("inet-service", 7003, 7103),
            new LayerSpec("netlink-service", 7004, 7104));
    private static final int KAFKA_EXTERNAL_PORT = 7092;

    private record LayerSpec(String service, int grpcPort, int httpPort) {}

    private final String tag;
    private final String adminSecret = newSecret();
    /** The Kafka principals' passwords (KafkaAuth.PRINCIPALS), new per container set. */
    private final Map<String, String> kafkaPasswords = newKafkaPasswords();
    private final Map<String, String> layerEnv = new LinkedHashMap<>();
    private final Map<String, LayerContainer> layers = new LinkedHashMap<>();
    private Duration startupTimeout = Duration.ofMinutes(3);
    private Network network;
    private LayerContainer kafka;
    private String host;
    private int kafkaPort;

    /** The images tagged latest. */
    public VKernelContainer() {
        this("latest");
    }

    /** The images of this tag (VKERNEL_TAG when they were built). */
    public VKernelContainer(String tag) {
        this.tag = tag;
    }

    /** An environment variable for every layer (e.g. VKERNEL_EVENTS_QUEUE). */
    public VKernelContainer withLayerEnv(String name, String value) {
        layerEnv.put(name, value);
        return this;
    }

    /** How long start() waits for the broker and then for every layer to be ready (3 minutes unless told). */
    public VKernelContainer withStartupTimeout(Duration timeout) {
        startupTimeout = timeout;
        return this;
    }

    @Override
    public void start() {
        if (kafka != null) {
            return;
        }
        host = DockerClientFactory.instance().dockerHostIpAddress();
        network = Network.newNetwork();
        kafkaPort = freePort();
        kafka = kafkaContainer();
        kafka.start();
        for (LayerSpec spec : LAYERS) {
            LayerContainer c = layerContainer(spec);
            layers.put(spec.service(), c);
            c.start();
        }
        awaitReady();
    }

    private LayerContainer kafkaContainer() {
        LayerContainer c = new LayerContainer("vkernel/kafka:" + tag)
                .withNetwork(network).withNetworkAliases("kafka")
                // the authenticated bus: every principal's password (see the image's run script)
                .withEnv("VKERNEL_KAFKA_USERS", "/run/vkernel-kafka-users")
                .withEnv("CLUSTER_ID", "dmtlcm5lbC1jbHVzdGVyMQ")
                .withEnv("KAFKA_NODE_ID", "1")
                .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
                .withEnv("KAFKA_LISTENERS", "INTERNAL://:9092,CONTROLLER://:9093,EXTERNAL://:" + KAFKA_EXTERNAL_PORT)
                .withEnv("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:9092,EXTERNAL://" + host + ":" + kafkaPort)
                .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SASL_PLAINTEXT")
                .withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL")
                .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
                .withEnv("KAFKA_NUM_PARTITIONS", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .publish(kafkaPort, KAFKA_EXTERNAL_PORT)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(startupTimeout));
        kafkaPasswords.forEach((user, password) -> c.withCopyToContainer(
                Transferable.of(password + "\n", 0444), "/run/vkernel-kafka-users/" + user));
        return c;
    }

    /**
     * A layer, started when alive: readiness comes later, once its peers registered
     * (vfs-service is ready only when socket-service registered sockfs with it).
     */
    private LayerContainer layerContainer(LayerSpec spec) {
        LayerContainer c = new LayerContainer("vkernel/" + spec.service() + ":" + tag)
                .withNetwork(network).withNetworkAliases(spec.service())
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .withEnv("VKERNEL_SECRET", adminSecret)
                .withEnv("VKERNEL_VFS_ADDRESS", "vfs-service:7001")
                .withEnv("VKERNEL_SOCKET_ADDRESS", "socket-service:7002")
                .withEnv("VKERNEL_NETLINK_ADDRESS", "netlink-service:7004")
                .withEnv("VKERNEL_ADVERTISED_ADDRESS", spec.service() + ":" + spec.grpcPort())
                // the layer's own Kafka principal: it may write only its own topics
                .withEnv("VKERNEL_KAFKA_USER", principal(spec))
                .withEnv("VKERNEL_KAFKA_PASSWORD", kafkaPasswords.get(principal(spec)))
                .withExposedPorts(spec.httpPort())
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/q/health/live").forPort(spec.httpPort()).forStatusCode(200)
                        .withStartupTimeout(startupTimeout));
        if (spec.service().equals("vfs-service") || spec.service().equals("socket-service")) {
            // clients reach these two from the host; Uname answers the public addresses
            int hostPort = freePort();
            c.publish(hostPort, spec.grpcPort()).withEnv("VKERNEL_PUBLIC_ADDRESS", host + ":" + hostPort);
        }
        layerEnv.forEach(c::withEnv);
        return c;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        List<String> notReady = new ArrayList<>(layers.keySet());
        while (!notReady.isEmpty()) {
            notReady.removeIf(service -> ready(http, service));
            if (notReady.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (String s : notReady) {
                    String all = layers.get(s).getLogs();
                    logs.append("\n==== ").append(s).append(" (last lines)\n").append(all.substring(Math.max(0, all.length() - 3000)));
                }
                throw new ContainerLaunchException("vkernel layers not ready after " + startupTimeout.toSeconds() + " s: " + notReady + logs);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for vkernel", e);
            }
        }
    }

    private boolean ready(HttpClient http, String service) {
        LayerSpec spec = LAYERS.stream().filter(s -> s.service().equals(service)).findFirst().orElseThrow();
        URI uri = URI.create("http://" + host + ":" + layers.get(service).getMappedPort(spec.httpPort()) + "/q/health/ready");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** host:port of vfs-service, the one address a client needs (Uname tells it socket-service's). */
    public String getKernelAddress() {
        LayerContainer vfs = started("vfs-service");
        return host + ":" + vfs.getMappedPort(7001);
    }

    /** The admin credential: authorization: Bearer ... on ProcessService.Spawn for uid 0 or capabilities. */
    public String getAdminSecret() {
        return adminSecret;
    }

    /** The broker carrying the layers' events (vkernel.LAYER.events), reachable from the host. */
    public String getKafkaBootstrapServers() {
        if (kafka == null) {
            throw new IllegalStateException("not started");
        }
        return host + ":" + kafkaPort;
    }

    /**
     * A Kafka client's properties (bootstrap.servers from the host, SASL/SCRAM) as the
     * read-only principal {@code reader}: it reads the event topics, in consumer groups
     * named {@code vk-...}; it may write nothing.
     */
    public Properties getKafkaReaderProperties() {
        return KafkaAuth.client(getKafkaBootstrapServers(), KafkaAuth.READER, getKafkaReaderPassword());
    }

    /** The read-only principal {@code reader}'s password (SCRAM-SHA-256), for kcat or the console consumer. */
    public String getKafkaReaderPassword() {
        return kafkaPasswords.get(KafkaAuth.READER);
    }

    /** A new client with the admin credential; the caller closes it. */
    public VKernel connect() {
        return VKernel.connect(getKernelAddress(), getAdminSecret());
    }

    /** One layer's container (vfs-service, socket-service, inet-service, netlink-service), e.g. for its logs. */
    public LayerContainer getLayer(String service) {
        return started(service);
    }

    /** The network the five containers share (the layers' aliases are their service names, the broker's kafka). */
    public Network getNetwork() {
        return network;
    }

    private LayerContainer started(String service) {
        LayerContainer c = layers.get(service);
        if (c == null) {
            throw new IllegalStateException(layers.isEmpty() ? "not started" : "no layer " + service + " (one of " + layers.keySet() + ")");
        }
        return c;
    }

    /** Stops the layers, then the broker, and removes the network. */
    @Override
    public void stop() {
        List<LayerContainer> reversed = new ArrayList<>(layers.values());
        java.util.Collections.reverse(reversed);
        reversed.forEach(LayerContainer::stop);
        layers.clear();
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (network != null) {
            network.close();
            network = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new ContainerLaunchException("no free port for vkernel", e);
        }
    }

    private static String principal(LayerSpec spec) {
        return spec.service().substring(0, spec.service().indexOf('-'));
    }

    private static Map<String, String> newKafkaPasswords() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : KafkaAuth.PRINCIPALS) {
            m.put(p, newSecret());
        }
        return m;
    }

    private static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
