package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;
import vkernel.testkit.RawKernelClient;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * One service image on its own, with nothing but a Kafka container: vfs-service's image
 * started by Testcontainers as a plain container, configured by environment only, and
 * the project's broker image standing in for apache/kafka in Testcontainers' KafkaContainer.
 */
class SingleImageTest {
    private static final String SECRET = "single-image-test-secret-0123456789";

    @Test
    void vfsServiceImageServesAloneWithAKafkaContainer() throws Exception {
        Docker.assumeEngine();
        Images.ensureBuilt();
        try (Network net = Network.newNetwork();
                KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(Images.of("kafka")).asCompatibleSubstituteFor("apache/kafka"))
                        .withNetwork(net).withListener("kafka:19092").withStartupTimeout(Duration.ofMinutes(2));
                GenericContainer<?> vfs = new GenericContainer<>(DockerImageName.parse(Images.of("vfs-service")))
                        .withNetwork(net).withNetworkAliases("vfs-service")
                        .withEnv("VKERNEL_SECRET", SECRET)
                        .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                        .withEnv("VKERNEL_ADVERTISED_ADDRESS", "vfs-service:7001")
                        .withExposedPorts(7001, 7101)
                        .dependsOn(kafka)
                        .waitingFor(Wait.forHttp("/q/health/live").forPort(7101).forStatusCode(200)
                                .withStartupTimeout(Duration.ofMinutes(2)))) {
            vfs.start();
            String address = vfs.getHost() + ":" + vfs.getMappedPort(7001);

            // alive, and not ready: no socket layer registered sockfs with it
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://" + vfs.getHost() + ":" + vfs.getMappedPort(7101) + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());

            String traceId = Events.newTraceId();
            SpawnResponse task;
            long closed;
            try (RawKernelClient c = connectOnceRestored(address)) {
                assertEquals("", c.uname().getSocketAddress(), "no socket layer registered");
                assertEquals("vfs-service:7001", c.uname().getVfsAddress(), "no public address set: the advertised one");
                task = c.spawn(SpawnRequest.newBuilder().setComm("alone").build(), RawKernelClient.traceparent(traceId, "00f067aa0ba902b7"));
                assertTrue(task.getPid() > 0);
                closed = c.files(task.getToken(), RawKernelClient.traceparent(traceId, "00f067aa0ba902b8"))
                        .close(vkernel.vfs.v1.CloseRequest.newBuilder().setFd(42).build()).getRet();
                assertEquals(-1, closed);
                c.exit(task.getToken());
            }

            List<KernelEvent> events = Events.trace(kafka.getBootstrapServers(), List.of("vkernel.vfs.events"), traceId,
                    found -> found.stream().anyMatch(e -> e.getFunction().equals("close")), Duration.ofSeconds(30));
            KernelEvent close = events.stream().filter(e -> e.getFunction().equals("close")).findFirst().orElse(null);
            assertNotNull(close, "close(42) on vkernel.vfs.events, read from the Kafka container:" + Events.describe(events));
            assertEquals("vfs", close.getLayer());
            assertEquals(task.getPid(), close.getPid());
            assertEquals(-1, close.getResult());
            assertEquals(Errno.ERRNO_EBADF, close.getErrno());
        }
    }

    /**
     * Live is not restored: the layer reads its state topic first and answers UNAVAILABLE
     * meanwhile, and the client asks Uname as it connects.
     */
    private static RawKernelClient connectOnceRestored(String address) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                return new RawKernelClient(address, SECRET);
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
