package vkernel.compose;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.lifecycle.Startable;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Socket;

/**
 * The kernel as docker-compose.yml describes it, brought up once per test JVM by
 * Testcontainers (Compose v2's {@link ComposeContainer}, or v1's
 * {@link DockerComposeContainer} with {@code -Dvkernel.compose=v1}) in a project of its
 * own, on free host ports, and taken down with its volumes when the JVM exits. The
 * containers' logs are left in target/compose-logs/.
 */
final class ComposeStack {
    static final List<String> LAYERS = List.of("vfs-service", "socket-service", "inet-service", "netlink-service");
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static ComposeStack instance;
    private static Throwable startFailure;

    final int vfsPort;
    final int socketPort;
    final int kafkaPort;
    final boolean v2;
    private final Map<String, String> env;
    private final Startable compose;
    private String project;

    private ComposeStack() throws IOException {
        int[] ports = freePorts(3);
        vfsPort = ports[0];
        socketPort = ports[1];
        kafkaPort = ports[2];
        v2 = Docker.composeV2();
        env = new HashMap<>(Images.composeEnv());
        env.put("VKERNEL_BIND", "127.0.0.1");
        env.put("VKERNEL_PUBLIC_HOST", "localhost");
        env.put("VKERNEL_VFS_PORT", Integer.toString(vfsPort));
        env.put("VKERNEL_SOCKET_PORT", Integer.toString(socketPort));
        env.put("VKERNEL_KAFKA_PORT", Integer.toString(kafkaPort));
        File file = Docker.composeFile();
        if (v2) {
            compose = new ComposeContainer("vkct", file).withEnv(env).withPull(false).withRemoveVolumes(true);
        } else {
            compose = new DockerComposeContainer<>("vkct", file).withEnv(env).withPull(false).withRemoveVolumes(true);
        }
    }

    /** The running stack; skips the test where there is no Docker engine. */
    static synchronized ComposeStack get() throws Exception {
        Docker.assumeEngine();
        if (startFailure != null) {
            fail("the compose stack did not come up (see the first failing test and target/compose-logs/)", startFailure);
        }
        if (instance == null) {
            try {
                Images.ensureBuilt();
                ComposeStack s = new ComposeStack();
                Runtime.getRuntime().addShutdownHook(new Thread(s::down, "compose-down"));
                s.up();
                instance = s;
            } catch (Throwable t) {
                startFailure = t;
                throw t;
            }
        }
        return instance;
    }

    private void up() throws Exception {
        long t0 = System.nanoTime();
        compose.start();
        awaitHealthy("kafka", START_TIMEOUT);
        // vfs-service is ready once socket-service registered sockfs with it
        awaitHealthy("vfs-service", START_TIMEOUT);
        awaitFamilies(START_TIMEOUT);
        System.out.printf("compose-tests: stack %s up with Compose %s in %.1f s: kernel localhost:%d, sockets localhost:%d, Kafka localhost:%d%n",
                project(), v2 ? "v2" : "v1", (System.nanoTime() - t0) / 1e9, vfsPort, socketPort, kafkaPort);
    }

    /**
     * inet-service and netlink-service register their families with socket-service once they
     * serve, which vfs-service's health does not wait for: until then socket() of the family
     * answers EAFNOSUPPORT, as for a module not loaded. A probe task makes a socket of each.
     */
    private void awaitFamilies(Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        try (RawKernelClient c = client()) {
            String token = c.spawn("compose-probe").getToken();
            try {
                for (int[] family : new int[][] {{Socket.AF_INET, Socket.SOCK_DGRAM}, {Socket.AF_NETLINK, Socket.SOCK_RAW}}) {
                    long fd = c.socket(token, family[0], family[1], 0).getRet();
                    while (fd < 0) {
                        if (Instant.now().isAfter(end)) {
                            fail("family " + family[0] + " not registered after " + timeout.toSeconds() + " s");
                        }
                        Thread.sleep(200);
                        fd = c.socket(token, family[0], family[1], 0).getRet();
                    }
                    c.close(token, fd);
                }
            } finally {
                c.exit(token);
            }
        }
    }

    /** The address a client is given: vfs-service's published port. */
    String kernelAddress() {
        return "localhost:" + vfsPort;
    }

    String kafkaBootstrap() {
        return "localhost:" + kafkaPort;
    }

    /** The read-only Kafka principal's client properties: the password the `secret` step wrote in .vk/docker/kafka-users/reader. */
    java.util.Properties kafkaReader() throws java.io.IOException {
        return vkernel.launcher.KafkaAuth.client(kafkaBootstrap(), vkernel.launcher.KafkaAuth.READER,
                Docker.home().resolve(".vk/docker/kafka-users/reader"));
    }

    /** The admin credential the stack's `secret` step wrote for `vk` (and this suite). */
    String adminSecret() throws IOException {
        return Files.readString(Docker.home().resolve(".vk/docker/secret")).trim();
    }

    /** The kernel's address and admin credential, as kernel-testkit takes them. */
    KernelEndpoint endpoint() throws IOException {
        return new KernelEndpoint(kernelAddress(), adminSecret());
    }

    RawKernelClient client() throws IOException {
        return new RawKernelClient(endpoint());
    }

    /** The compose project name Testcontainers chose, read off a container's labels. */
    synchronized String project() {
        if (project == null) {
            Optional<ContainerState> kafka = v2 ? ((ComposeContainer) compose).getContainerByServiceName("kafka")
                    : ((DockerComposeContainer<?>) compose).getContainerByServiceName("kafka");
            String id = kafka.orElseThrow(() -> new IllegalStateException("no kafka container")).getContainerId();
            project = Docker.client().inspectContainerCmd(id).exec().getConfig().getLabels().get("com.docker.compose.project");
        }
        return project;
    }

    /** The container of a service now (a replaced service has a new one). */
    String containerId(String service) {
        List<Container> found = Docker.client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project(), "com.docker.compose.service", service)).exec();
        if (found.isEmpty()) {
            throw new IllegalStateException("no container for service " + service + " in project " + project());
        }
        return found.get(0).getId();
    }

    /** "healthy", "unhealthy", "starting", or the container's state when it has no health ("exited" ...). */
    String health(String service) {
        InspectContainerResponse.ContainerState state = Docker.client().inspectContainerCmd(containerId(service)).exec().getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return state.getStatus();
        }
        HealthState health = state.getHealth();
        if (health == null) {
            return "running";
        }
        // a restarted container may show its health from before the restart until its first check
        List<HealthStateLog> checks = health.getLog();
        if (checks == null || checks.isEmpty() || Instant.parse(checks.get(checks.size() - 1).getStart()).isBefore(Instant.parse(state.getStartedAt()))) {
            return "starting";
        }
        return health.getStatus();
    }

    void awaitHealthy(String service, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String h = health(service);
        while (!h.equals("healthy")) {
            if (h.equals("exited") || h.equals("dead")) {
                fail(service + " " + h + ":\n" + logs(service, 40));
            }
            if (System.nanoTime() > deadline) {
                fail(service + " not healthy after " + timeout.toSeconds() + " s (" + h + "):\n" + logs(service, 40));
            }
            Thread.sleep(500);
            h = health(service);
        }
    }

    /** Stops one layer's container as an operator would (docker stop: SIGTERM, SIGKILL after 10 s). */
    void stop(String service) {
        Docker.client().stopContainerCmd(containerId(service)).withTimeout(10).exec();
    }

    /** Starts the same container again. */
    void start(String service) {
        Docker.client().startContainerCmd(containerId(service)).exec();
    }

    /** Replaces one layer by a new container (an upgrade): compose up --no-deps --force-recreate. */
    void replace(String service) throws IOException {
        Path log = Docker.logDir().resolve("replace-" + service + ".log");
        int rc = Docker.exec(Docker.concat(Docker.composeCommand(), "-f", Docker.composeFile().toString(), "-p", project(),
                "up", "-d", "--no-deps", "--force-recreate", service), env, log);
        if (rc != 0) {
            fail("replacing " + service + " exited " + rc + ":\n" + Docker.tail(log, 20));
        }
    }

    String logs(String service, int lines) {
        try {
            Path f = Docker.logDir().resolve(service + ".log");
            Files.deleteIfExists(f);
            Docker.exec(List.of("docker", "logs", containerId(service)), Map.of(), f);
            return Docker.tail(f, lines);
        } catch (RuntimeException | IOException e) {
            return "(no logs for " + service + ": " + e + ")";
        }
    }

    /** Leaves every container's log in target/compose-logs/, then compose down -v. */
    private void down() {
        try {
            List<String> services = new ArrayList<>(LAYERS);
            services.add("kafka");
            services.add("secret");
            for (String s : services) {
                logs(s, 0);
            }
        } catch (RuntimeException e) {
            // the stack may not have come up at all
        }
        try {
            compose.stop();
            System.out.println("compose-tests: stack down (compose down -v)");
        } catch (RuntimeException e) {
            System.err.println("compose-tests: compose down failed: " + e);
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }
}
