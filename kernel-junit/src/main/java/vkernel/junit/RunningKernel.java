package vkernel.junit;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a test's kernel is, for clients other than the injected {@link vkernel.sdk.VKernel}
 * (another language's gRPC stubs, a Kafka consumer, {@code vk} itself).
 *
 * @param address host:port of vfs-service, the one address a client needs
 * @param kafkaBootstrap the broker carrying the layers' events
 * @param adminSecret the admin credential (authorization: Bearer ... on Spawn)
 * @param logDir where each process writes its log
 * @param kafkaReader a Kafka client's properties (bootstrap.servers and SASL) as the
 *     read-only principal {@code reader}: it reads the four event topics, in consumer
 *     groups named {@code vk-...}; it may write nothing
 */
public record RunningKernel(String address, String kafkaBootstrap, String adminSecret, Path logDir, Properties kafkaReader) {

    /** The reader's properties, a copy to add a consumer's own settings to. */
    @Override
    public Properties kafkaReader() {
        Properties p = new Properties();
        if (kafkaReader != null) {
            p.putAll(kafkaReader);
        } else {
            p.put("bootstrap.servers", kafkaBootstrap);
        }
        return p;
    }
}
