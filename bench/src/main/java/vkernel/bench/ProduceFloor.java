package vkernel.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vkernel.launcher.Kernel;
import vkernel.launcher.KafkaAuth;

/**
 * The floor under durability: one record produced and acknowledged, alone, on the
 * kernel's own broker, with the settings of a layer's state log (acks=all, idempotent,
 * linger 0). A syscall that answers after its records are stored waits at least this
 * once; the layers add their hops to it.
 */
final class ProduceFloor {
    private static final String TOPIC = "vkernel.bench.produce-floor";
    private static final int WARM_UP = 500;
    private static final int SAMPLES = 3000;

    private ProduceFloor() {}

    static Map<String, Object> measure(Kernel k) throws Exception {
        Properties admin = k.kafkaClient(KafkaAuth.ADMIN);
        try (Admin a = Admin.create(admin)) {
            a.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties p = k.kafkaClient(KafkaAuth.ADMIN);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = new byte[128]; // about a socket's record
        Stats s = new Stats();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < WARM_UP + SAMPLES; i++) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, "k" + (i % 64), value)).get();
                if (i >= WARM_UP) {
                    s.add(System.nanoTime() - t0);
                }
            }
        }
        Map<String, Object> m = s.summary().toMicros();
        m.put("what", "one 128-byte record produced and acknowledged at a time (acks=all, idempotent, linger 0) "
                + "on the kernel's broker, from the bench's JVM");
        return m;
    }
}
