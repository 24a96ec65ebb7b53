package vkernel.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Usage: EmbeddedKafka --port 7092 --controller-port 7093 --dir DIR
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
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("vkernel-kafka");
        }
        Files.createDirectories(dir);
        Path logs = dir.resolve("data");
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
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

        Path cfg = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(cfg)) {
            p.store(w, "vkernel embedded broker");
        }
        if (!Files.exists(logs.resolve("meta.properties"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = kafka.tools.StorageTool.execute(new String[] {"format", "--cluster-id=" + uuid(), "-c", cfg.toString(), "--ignore-formatted"},
                    new PrintStream(out));
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
        System.out.println("vkernel-kafka ready localhost:" + port);
        System.out.flush();
        server.awaitShutdown();
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
