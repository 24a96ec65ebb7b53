package vkernel.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Starts a whole kernel on this machine with no Docker: the Kafka broker and the four
 * layers as separate JVMs, from the build output of the repository at {@code home} or
 * from installed dist jars ({@link LayerJars}). Used by `vk up`, `vk bench`, the
 * end-to-end tests (which also stop and start single layers) and the JUnit extension.
 */
public final class Kernel implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    /** Where the layers listen unless told otherwise: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    private final LayerJars jars;
    private final Path runDir;
    private final int basePort;
    private final String bindAddress;
    private final String host;
    private final Map<String, String> extraEnv;
    private final Map<Layer, Process> processes = new EnumMap<>(Layer.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path secretFile;
    private Path kafkaUsers;

    /** A kernel whose layers listen on the loopback address only. */
    public Kernel(Path home, Path runDir, int basePort, Map<String, String> extraEnv) {
        this(home, runDir, basePort, LOOPBACK, extraEnv);
    }

    /**
     * A kernel whose layers' gRPC and HTTP servers listen on bindAddress (an IP address;
     * 0.0.0.0 for all). The broker listens on localhost whatever the address: only the
     * layers use it.
     */
    public Kernel(Path home, Path runDir, int basePort, String bindAddress, Map<String, String> extraEnv) {
        this(LayerJars.buildOutput(home), runDir, basePort, bindAddress, extraEnv);
    }

    /** A kernel run from these jars, listening on bindAddress (see the constructor above). */
    public Kernel(LayerJars jars, Path runDir, int basePort, String bindAddress, Map<String, String> extraEnv) {
        this.jars = jars;
        this.runDir = runDir.toAbsolutePath().normalize();
        this.basePort = basePort;
        this.bindAddress = bindAddress;
        this.host = connectHost(bindAddress);
        this.extraEnv = extraEnv;
    }

    /**
     * The host the layers and clients reach a layer at: localhost when it listens on
     * 127.0.0.1 or on every address, else the address it listens on.
     */
    static String connectHost(String bindAddress) {
        String a = bindAddress.startsWith("[") ? bindAddress.substring(1, bindAddress.length() - 1) : bindAddress;
        if (a.equals(LOOPBACK) || a.equals("localhost") || a.equals("0.0.0.0") || a.equals("::")) {
            return "localhost";
        }
        return a.contains(":") ? "[" + a + "]" : a;
    }

    /** The address the layers' servers listen on. */
    public String bindAddress() {
        return bindAddress;
    }

    /** The host clients reach the layers at (see connectHost). */
    public String host() {
        return host;
    }

    public int basePort() {
        return basePort;
    }

    /** host:port of vfs-service, the one address a client needs. */
    public String address() {
        return host + ":" + Layer.VFS.port(basePort);
    }

    public String kafkaBootstrap() {
        return "localhost:" + Layer.KAFKA.port(basePort);
    }

    public Path secretFile() {
        return secretFile;
    }

    public String adminSecret() throws IOException {
        return Files.readString(secretFile).trim();
    }

    /**
     * The directory of the Kafka principals' passwords (a file per principal: admin, vfs,
     * socket, inet, netlink, reader), beside the admin credential: .vk/run/kafka-users.
     */
    public Path kafkaUsers() {
        return runDir.resolve(KafkaAuth.USERS_DIR);
    }

    /** A Kafka client's properties (bootstrap and SASL) for one principal of this kernel's broker. */
    public Properties kafkaClient(String principal) throws IOException {
        return KafkaAuth.client(kafkaBootstrap(), principal, kafkaUsers().resolve(principal));
    }

    /** The read-only principal's properties: reads the layers' events, nothing more. */
    public Properties kafkaReader() throws IOException {
        return kafkaClient(KafkaAuth.READER);
    }

    public Path runDir() {
        return runDir;
    }

    /** Starts the broker, then the four layers, and waits until every one is ready. */
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(runDir.resolve("logs"));
        secretFile = ensureSecret(runDir.resolve("secret"));
        startLayer(Layer.KAFKA);
        for (Layer l : List.of(Layer.VFS, Layer.SOCKET, Layer.INET, Layer.NETLINK)) {
            startLayer(l);
        }
        for (Layer l : List.of(Layer.VFS, Layer.SOCKET, Layer.INET, Layer.NETLINK)) {
            awaitReady(l);
        }
        writeState();
    }

    /** Starts one layer again (after stopLayer) and waits until it is ready. */
    public void restartLayer(Layer l) throws IOException, InterruptedException {
        startLayer(l);
        if (l != Layer.KAFKA) {
            awaitReady(l);
        }
    }

    /**
     * Launches one layer (after stopLayer or killLayer) without waiting for it to be ready: the
     * broker is awaited here, a service is its caller's to await (awaitReady).
     */
    public void startLayer(Layer l) throws IOException, InterruptedException {
        if (secretFile == null) {
            secretFile = ensureSecret(runDir.resolve("secret"));
        }
        if (kafkaUsers == null) {
            kafkaUsers = KafkaAuth.ensureUsers(kafkaUsers());
        }
        Process p = processes.get(l);
        if (p != null && p.isAlive()) {
            return;
        }
        Path log = runDir.resolve("logs").resolve(l.label() + ".log");
        long logStart = Files.exists(log) ? Files.size(log) : 0; // a restart appends: only what follows counts
        ProcessBuilder pb = new ProcessBuilder(command(l));
        pb.directory(runDir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
        env.put("VKERNEL_SECRET_FILE", secretFile.toString());
        env.put("VKERNEL_VFS_ADDRESS", host + ":" + Layer.VFS.port(basePort));
        env.put("VKERNEL_SOCKET_ADDRESS", host + ":" + Layer.SOCKET.port(basePort));
        env.put("VKERNEL_NETLINK_ADDRESS", host + ":" + Layer.NETLINK.port(basePort));
        if (l != Layer.KAFKA) {
            env.put("QUARKUS_GRPC_SERVER_HOST", bindAddress);
            env.put("QUARKUS_GRPC_SERVER_PORT", Integer.toString(l.port(basePort)));
            env.put("QUARKUS_HTTP_HOST", bindAddress);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(l.httpPort(basePort)));
            env.put("VKERNEL_ADVERTISED_ADDRESS", host + ":" + l.port(basePort));
            // the layer's own Kafka principal: it may write only its own topics
            env.put("VKERNEL_KAFKA_USER", l.label());
            env.put("VKERNEL_KAFKA_PASSWORD_FILE", kafkaUsers.resolve(l.label()).toString());
        }
        env.putAll(extraEnv);
        p = pb.start();
        processes.put(l, p);
        if (l == Layer.KAFKA) {
            awaitLogLine(l, log, logStart, "vkernel-kafka ready");
        }
    }

    /** Stops one layer as a crash or an operator would (SIGTERM, then SIGKILL after 10 s). */
    public void stopLayer(Layer l) throws InterruptedException {
        Process p = processes.remove(l);
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Kills one layer as a crash would (SIGKILL): nothing flushed, nothing said goodbye. */
    public void killLayer(Layer l) throws InterruptedException {
        Process p = processes.remove(l);
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean isReady(Layer l) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + host + ":" + l.httpPort(basePort) + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void awaitReady(Layer l) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!isReady(l)) {
            Process p = processes.get(l);
            if (p != null && !p.isAlive()) {
                throw new IOException(l.module() + " exited with status " + p.exitValue() + "; see "
                        + runDir.resolve("logs").resolve(l.label() + ".log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(l.module() + " not ready after " + READY_TIMEOUT.toSeconds() + " s; see "
                        + runDir.resolve("logs").resolve(l.label() + ".log"));
            }
            Thread.sleep(100);
        }
    }

    private void awaitLogLine(Layer l, Path log, long from, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).substring((int) from).contains(line)) {
                return;
            }
            Process p = processes.get(l);
            if (!p.isAlive()) {
                throw new IOException(l.module() + " exited with status " + p.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(l.module() + " not ready; see " + log);
            }
            Thread.sleep(100);
        }
    }

    private List<String> command(Layer l) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:+UseSerialGC");
        if (!heapGiven()) {
            cmd.add(l == Layer.KAFKA ? "-Xmx256m" : "-Xmx192m");
        }
        cmd.addAll(jars.program(l));
        if (l == Layer.KAFKA) {
            cmd.add("--port");
            cmd.add(Integer.toString(l.port(basePort)));
            cmd.add("--controller-port");
            cmd.add(Integer.toString(l.port(basePort) + 1));
            cmd.add("--dir");
            cmd.add(runDir.resolve("kafka").toString());
            cmd.add("--users");
            cmd.add(kafkaUsers().toString());
        }
        return cmd;
    }

    /** The last lines of every process's log, to show when a start failed. */
    public String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(runDir.resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
                b.append("==== ").append(f.getFileName()).append(" (last lines)\n");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(x -> b.append(x).append('\n'));
            }
        } catch (IOException e) {
            b.append("no logs in ").append(runDir).append(": ").append(e.getMessage()).append('\n');
        }
        return b.toString();
    }

    /**
     * Whether extraEnv's JAVA_TOOL_OPTIONS sizes the heap. The JVM reads that variable
     * before its command line, so a default -Xmx here would override it: leave it out.
     */
    private boolean heapGiven() {
        String opts = extraEnv.getOrDefault("JAVA_TOOL_OPTIONS", "");
        return opts.contains("-Xmx") || opts.contains("MaxHeapSize");
    }

    private static Path ensureSecret(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX filesystem: nothing more to restrict
            }
        }
        return file;
    }

    /**
     * Restarts one layer of a kernel this object did not start (`vk restart`): stops the
     * process recorded for it in kernel.properties — SIGTERM, so it flushes its state, or
     * SIGKILL when kill — starts it again and waits until it is ready (the broker: until
     * it accepts clients); kernel.properties then names the new process.
     */
    public void restartRecorded(Layer l, boolean kill) throws IOException, InterruptedException {
        Properties p = loadState();
        secretFile = Path.of(p.getProperty("secret.file"));
        String pid = p.getProperty("pid." + l.label());
        if (pid != null) {
            java.util.Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid));
            if (h.isPresent()) {
                if (kill) {
                    h.get().destroyForcibly();
                } else {
                    h.get().destroy();
                }
                try {
                    h.get().onExit().get(kill ? 10 : 30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.get().destroyForcibly();
                }
            }
        }
        startLayer(l);
        if (l != Layer.KAFKA) {
            awaitReady(l);
        }
        p.setProperty("pid." + l.label(), Long.toString(processes.get(l).pid()));
        try (var w = Files.newBufferedWriter(runDir.resolve("kernel.properties"))) {
            p.store(w, "the running vkernel (vk up)");
        }
    }

    private Properties loadState() throws IOException {
        Properties p = new Properties();
        Path f = runDir.resolve("kernel.properties");
        if (Files.exists(f)) {
            try (var r = Files.newBufferedReader(f)) {
                p.load(r);
            }
        }
        return p;
    }

    /** kernel.properties: what `vk` commands and `vk down` read to find this kernel. */
    private void writeState() throws IOException {
        Properties p = new Properties();
        p.setProperty("address", address());
        p.setProperty("kafka", kafkaBootstrap());
        p.setProperty("secret.file", secretFile.toString());
        p.setProperty("kafka.users", kafkaUsers().toString());
        p.setProperty("base.port", Integer.toString(basePort));
        p.setProperty("bind", bindAddress);
        for (Map.Entry<Layer, Process> e : processes.entrySet()) {
            p.setProperty("pid." + e.getKey().label(), Long.toString(e.getValue().pid()));
        }
        try (var w = Files.newBufferedWriter(runDir.resolve("kernel.properties"))) {
            p.store(w, "the running vkernel (vk up)");
        }
    }

    /** A layer that `vk restart` started again is not our child: its process, by the pid kernel.properties records. */
    private java.util.Optional<ProcessHandle> restartedElsewhere(Layer l) {
        try {
            String pid = loadState().getProperty("pid." + l.label());
            Process ours = processes.get(l);
            if (pid == null || (ours != null && ours.pid() == Long.parseLong(pid))) {
                return java.util.Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(pid));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static void stop(java.util.Optional<ProcessHandle> h) throws InterruptedException {
        if (h.isEmpty()) {
            return;
        }
        h.get().destroy();
        try {
            h.get().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            h.get().destroyForcibly();
        }
    }

    public Map<Layer, Long> pids() {
        Map<Layer, Long> m = new EnumMap<>(Layer.class);
        processes.forEach((l, p) -> m.put(l, p.pid()));
        return m;
    }

    /** Stops every layer, services first, the broker last. */
    @Override
    public void close() throws InterruptedException {
        java.util.Optional<ProcessHandle> broker = restartedElsewhere(Layer.KAFKA);
        for (Layer l : List.of(Layer.NETLINK, Layer.INET, Layer.SOCKET, Layer.VFS)) {
            stop(restartedElsewhere(l));
        }
        for (Layer l : List.of(Layer.NETLINK, Layer.INET, Layer.SOCKET, Layer.VFS)) {
            Process p = processes.get(l);
            if (p != null) {
                p.destroy();
            }
        }
        for (Layer l : List.of(Layer.NETLINK, Layer.INET, Layer.SOCKET, Layer.VFS, Layer.KAFKA)) {
            stopLayer(l);
        }
        stop(broker);
        try {
            Files.deleteIfExists(runDir.resolve("kernel.properties"));
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
