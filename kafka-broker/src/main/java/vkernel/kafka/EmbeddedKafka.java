package vkernel.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one), run in
 * its own JVM by `vk up` and by the tests. Prints "vkernel-kafka ready HOST:PORT" once
 * it accepts clients, and stops cleanly on SIGTERM.
 *
 * <p>Usage: EmbeddedKafka --port 7092 --controller-port 7093 --dir DIR [--users USERS]
 * <br>or: EmbeddedKafka --config server.properties --users USERS [--ready-file FILE] (the broker image)
 *
 * <p>With --users (a directory of password files, see {@link BusSecurity}) every client
 * authenticates (SASL/SCRAM) and the ACLs decide what it may do; the broker applies the
 * credentials and ACLs itself before it says it is ready.
 */
public final class EmbeddedKafka {
    private EmbeddedKafka() {}

    public static void main(String[] args) throws Exception {
        // The broker logs every config at INFO; the launcher keeps its output as a log.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        int port = 7092;
        int controllerPort = 7093;
        Path dir = null;
        Path users = null;
        Path config = null;
        Path readyFile = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--users" -> users = Path.of(args[i + 1]);
                case "--config" -> config = Path.of(args[i + 1]);
                case "--ready-file" -> readyFile = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, String> credentials = users == null ? null : BusSecurity.users(users);
        Properties p;
        Path cfg;
        String bootstrap;
        if (config != null) {
            p = new Properties();
            try (var r = Files.newBufferedReader(config)) {
                p.load(r);
            }
            cfg = config.resolveSibling(config.getFileName() + ".secured");
            bootstrap = localBootstrap(p);
        } else {
            if (dir == null) {
                dir = Files.createTempDirectory("vkernel-kafka");
            }
            Files.createDirectories(dir);
            p = embedded(dir, port, controllerPort, credentials != null);
            cfg = dir.resolve("server.properties");
            bootstrap = "localhost:" + port;
        }
        if (credentials != null) {
            BusSecurity.secure(p, credentials);
        }
        try (var w = Files.newBufferedWriter(cfg)) {
            p.store(w, "vkernel broker");
        }
        try {
            Files.setPosixFilePermissions(cfg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem
        }
        Path logs = Path.of(p.getProperty("log.dirs").split(",")[0].trim());
        if (!Files.exists(logs.resolve("meta.properties"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> format = new ArrayList<>(List.of("format", "--cluster-id=" + clusterId(), "-c", cfg.toString(), "--ignore-formatted"));
            if (credentials != null) {
                format.addAll(BusSecurity.formatArgs(credentials));
            }
            int rc = kafka.tools.StorageTool.execute(format.toArray(String[]::new), new PrintStream(out));
            if (rc != 0) {
                System.err.println("vkernel-kafka: formatting storage failed: " + out);
                System.exit(1);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-shutdown"));
        server.startup();
        if (credentials != null) {
            try {
                BusSecurity.apply(bootstrap, credentials);
            } catch (Exception e) {
                System.err.println("vkernel-kafka: applying the credentials and ACLs as " + BusSecurity.ADMIN + " failed"
                        + " (a broker whose storage was formatted with another admin password, or none: delete its data): " + e);
                System.exit(1);
            }
        }
        if (readyFile != null) {
            Files.writeString(readyFile, "ready\n");
        }
        System.out.println("vkernel-kafka ready " + bootstrap);
        System.out.flush();
        server.awaitShutdown();
    }

    private static Properties embedded(Path dir, int port, int controllerPort, boolean sasl) {
        Path logs = dir.resolve("data");
        String client = sasl ? "SASL_PLAINTEXT" : "PLAINTEXT";
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", client + "://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", client + "://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", client);
        p.put("log.dirs", logs.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // A small heap needs a small dedupe buffer, or the broker exits at start with no message.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.retention.hours", "24");
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        return p;
    }

    /** host:port of the inter-broker listener, as this machine reaches it (the broker image: localhost). */
    private static String localBootstrap(Properties p) {
        String name = p.getProperty("inter.broker.listener.name", "PLAINTEXT");
        for (String l : p.getProperty("listeners").split(",")) {
            String[] parts = l.trim().split("://");
            if (parts[0].equalsIgnoreCase(name)) {
                String hostPort = parts[1];
                int colon = hostPort.lastIndexOf(':');
                String host = hostPort.substring(0, colon);
                return (host.isEmpty() || host.equals("0.0.0.0") ? "localhost" : host) + hostPort.substring(colon);
            }
        }
        throw new IllegalArgumentException("no listener named " + name + " in " + p.getProperty("listeners"));
    }

    /** CLUSTER_ID as the official image takes it, else a new one. */
    private static String clusterId() {
        String id = System.getenv("CLUSTER_ID");
        return id != null && id.length() == 22 ? id : uuid();
    }

    private static String uuid() {
        // Kafka cluster ids are 16 bytes, base64url without padding. One in 64 starts with '-',
        // which the storage tool's parser takes for an option unless given as --cluster-id=ID.
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }
}
