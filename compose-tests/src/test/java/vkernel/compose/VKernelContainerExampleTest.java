package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_STREAM;

import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import vkernel.event.v1.KernelEvent;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.testcontainers.VKernelContainer;

/**
 * The README's example of {@link VKernelContainer}, as a user's project would write it,
 * except for {@code @ExtendWith(BuildImages.class)}: in this suite the images are built
 * from this checkout first (a user builds them once with docker compose build).
 */
@ExtendWith(BuildImages.class)
@Testcontainers(disabledWithoutDocker = true)
class VKernelContainerExampleTest {
    @Container
    static final VKernelContainer KERNEL = new VKernelContainer();

    @Test
    void aTaskOfTheContainerizedKernelOpensASocketAndTheCallIsOnKafka() throws Exception {
        int pid;
        try (VKernel kernel = KERNEL.connect();
                Task task = kernel.spawn(SpawnOptions.named("example").uid(1000).gid(1000))) {
            pid = task.pid();
            assertEquals(3, task.socket(AF_INET, SOCK_STREAM, 0), "a new task's first fd is 3");
        }

        KernelEvent socket = firstEvent(KERNEL.getKafkaReaderProperties(), "vkernel.socket.events", pid, "socket");
        assertNotNull(socket, "socket() of pid " + pid + " on vkernel.socket.events");
        assertEquals(3, socket.getResult());
    }

    @Test
    void spawningRootNeedsTheAdminCredential() {
        try (VKernel anonymous = VKernel.connect(KERNEL.getKernelAddress())) {
            KernelTransportException e = assertThrows(KernelTransportException.class,
                    () -> anonymous.spawn(SpawnOptions.named("root")));
            assertEquals(Status.Code.PERMISSION_DENIED, e.code());
        }
        try (VKernel admin = VKernel.connect(KERNEL.getKernelAddress(), KERNEL.getAdminSecret());
                Task root = admin.spawn(SpawnOptions.named("root"))) {
            assertEquals(3, root.socket(AF_INET, SOCK_STREAM, 0));
        }
    }

    /** The first event of this task and function on the topic, read from the start (30 s at most). */
    private static KernelEvent firstEvent(Properties reader, String topic, int pid, String function) throws Exception {
        Properties p = new Properties();
        p.putAll(reader); // bootstrap.servers and the read-only principal's SASL settings
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vk-example-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    KernelEvent.Builder e = KernelEvent.newBuilder();
                    JsonFormat.parser().ignoringUnknownFields().merge(r.value(), e);
                    if (e.getPid() == pid && e.getFunction().equals(function)) {
                        return e.build();
                    }
                }
            }
        }
        return null;
    }
}
