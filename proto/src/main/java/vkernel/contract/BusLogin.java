package vkernel.contract;

import java.util.Properties;

/**
 * How a client logs in to the kernel's Kafka bus: SASL_PLAINTEXT with SCRAM, as a
 * principal the broker knows (kafka-broker's BusSecurity says what each may do). The
 * layers, the launcher, vk trace and the test kits all log in through here.
 */
public final class BusLogin {
    public static final String MECHANISM = "SCRAM-SHA-256";

    private BusLogin() {}

    /** A client's properties: bootstrap.servers, then the login of user with password. */
    public static Properties client(String bootstrap, String user, String password, String mechanism) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", mechanism);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }
}
