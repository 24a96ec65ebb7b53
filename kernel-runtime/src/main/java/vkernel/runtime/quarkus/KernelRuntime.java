package vkernel.runtime.quarkus;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.runtime.auth.KernelSecret;
import vkernel.runtime.events.EventSink;
import vkernel.runtime.events.KafkaEventSink;
import vkernel.runtime.events.KernelEvents;
import vkernel.runtime.grpc.KernelChannels;

/**
 * What every layer's process holds once: its identity, the kernel secret, its event
 * publisher and its channels to the other layers. Configured by environment
 * (VKERNEL_SECRET or VKERNEL_SECRET_FILE, KAFKA_BOOTSTRAP_SERVERS, VKERNEL_ADVERTISED_ADDRESS).
 */
@ApplicationScoped
public class KernelRuntime {
    private static final Logger LOG = Logger.getLogger(KernelRuntime.class);

    @ConfigProperty(name = "vkernel.layer")
    String layer;

    @ConfigProperty(name = "vkernel.secret")
    Optional<String> secretValue;

    @ConfigProperty(name = "vkernel.secret-file")
    Optional<String> secretFile;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:7092")
    String bootstrapServers;

    @ConfigProperty(name = "vkernel.events.enabled", defaultValue = "true")
    boolean eventsEnabled;

    /** Events held while the broker is slow or away; past this they are lost, and the gap reported. */
    @ConfigProperty(name = "vkernel.events.queue", defaultValue = "" + KafkaEventSink.DEFAULT_QUEUE_CAPACITY)
    int eventsQueue;

    @ConfigProperty(name = "vkernel.advertised-address")
    Optional<String> advertisedAddress;

    @ConfigProperty(name = "vkernel.public-address")
    Optional<String> publicAddress;

    @ConfigProperty(name = "quarkus.grpc.server.port", defaultValue = "9000")
    int grpcPort;

    private final String instanceId = UUID.randomUUID().toString();
    private KernelSecret secret;
    private EventSink sink;
    private KernelEvents events;
    private KernelChannels channels;

    @PostConstruct
    void init() {
        secret = KernelSecret.fromEnvironment(secretValue.orElse(null), secretFile.orElse(null));
        sink = eventsEnabled ? new KafkaEventSink(bootstrapServers, layer, instanceId, eventsQueue) : EventSink.DISCARD;
        if (!eventsEnabled) {
            LOG.warn("event publishing is disabled (vkernel.events.enabled=false): for measurement only");
        }
        events = new KernelEvents(layer, instanceId, sink);
        channels = new KernelChannels(secret);
    }

    void shutdown(@Observes ShutdownEvent ev) {
        channels.close();
        sink.close();
    }

    public String layer() {
        return layer;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String instanceId() {
        return instanceId;
    }

    public KernelSecret secret() {
        return secret;
    }

    public KernelEvents events() {
        return events;
    }

    public EventSink sink() {
        return sink;
    }

    public KernelChannels channels() {
        return channels;
    }

    /** host:port users reach this layer at (differs from the advertised one behind port mappings). */
    public String publicAddress() {
        return publicAddress.orElse(advertisedAddress());
    }

    /** host:port other layers use to reach this one. */
    public String advertisedAddress() {
        return advertisedAddress.orElse("localhost:" + grpcPort);
    }
}
