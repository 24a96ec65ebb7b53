package vkernel.runtime.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Every Kafka client of a layer starts from here: the bootstrap address and the layer's
 * own principal on the authenticated bus (SASL_PLAINTEXT, SCRAM-SHA-256), from
 * VKERNEL_KAFKA_USER and VKERNEL_KAFKA_PASSWORD_FILE (or VKERNEL_KAFKA_PASSWORD), as the
 * launcher, Compose and VKernelContainer set them; system properties vkernel.kafka.user,
 * vkernel.kafka.password-file, vkernel.kafka.password override them. With no user, a
 * plain client (a broker without authentication).
 */
public final class KafkaClientConfig {
    public static final String MECHANISM_DEFAULT = "SCRAM-SHA-256";

    private KafkaClientConfig() {}

    /** A new Properties with bootstrap.servers and, when a principal is configured, the SASL settings. */
    public static Properties base(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        String user = setting("vkernel.kafka.user", "VKERNEL_KAFKA_USER");
        if (user == null || user.isBlank()) {
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
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", mechanism == null ? MECHANISM_DEFAULT : mechanism);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }
}
