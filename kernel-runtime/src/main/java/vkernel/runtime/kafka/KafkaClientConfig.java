package vkernel.runtime.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import vkernel.contract.BusLogin;

/**
 * Every Kafka client of a layer starts from here: the bootstrap address and the layer's
 * own principal on the authenticated bus (SASL_PLAINTEXT, SCRAM-SHA-256), from
 * VKERNEL_KAFKA_USER and VKERNEL_KAFKA_PASSWORD_FILE (or VKERNEL_KAFKA_PASSWORD), as the
 * launcher, Compose and VKernelContainer set them; system properties vkernel.kafka.user,
 * vkernel.kafka.password-file, vkernel.kafka.password override them. With no user, a
 * plain client (a broker without authentication).
 */
public final class KafkaClientConfig {
    /**
     * The batch size of a layer's producers. A producer keeps every buffer of exactly
     * batch.size it ever freed in its pool, for good (up to buffer.memory): with 256 KiB
     * batches, a fuzz run left socket-service 37 of them, 9.7 MB of its 26 MB live heap,
     * after the load had gone. 32 KiB holds a group commit's records for a shard, or 10 ms
     * of a layer's events for a partition, and bounds what a burst leaves behind eight
     * times lower; a record larger than a batch gets a buffer of its own, not pooled.
     */
    public static final int PRODUCER_BATCH_BYTES = 32 << 10;

    private KafkaClientConfig() {}

    /** A new Properties with bootstrap.servers and, when a principal is configured, the SASL settings. */
    public static Properties base(String bootstrap) {
        String user = setting("vkernel.kafka.user", "VKERNEL_KAFKA_USER");
        if (user == null || user.isBlank()) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            return p;
        }
        String password = setting("vkernel.kafka.password", "VKERNEL_KAFKA_PASSWORD");
        if (password == null) {
            String file = setting("vkernel.kafka.password-file", "VKERNEL_KAFKA_PASSWORD_FILE");
            if (file == null) {
                throw new IllegalStateException("VKERNEL_KAFKA_USER=" + user
                        + " without VKERNEL_KAFKA_PASSWORD_FILE or VKERNEL_KAFKA_PASSWORD");
            }
            try {
                password = Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("the Kafka password of " + user + " in " + file, e);
            }
        }
        String mechanism = setting("vkernel.kafka.mechanism", "VKERNEL_KAFKA_MECHANISM");
        return BusLogin.client(bootstrap, user, password, mechanism == null ? BusLogin.MECHANISM : mechanism);
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
