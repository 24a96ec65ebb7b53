package vkernel.bench;

import vkernel.cli.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import vkernel.launcher.FreePorts;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.uapi.Socket;

/**
 * vk bench: how fast each syscall is, measured in one run against the cost of the
 * structure itself (the same gRPC hops to a family that does no work) and against this
 * machine's Linux, reported as ratios. See {@link Options#USAGE} and BENCHMARKS.md.
 */
public final class Bench {
    /** The family the floor's stub registers: AF_VSOCK, which no layer implements. */
    static final int STUB_FAMILY = Socket.AF_VSOCK;
    /** Part 8: the sockets a layer holds when it is killed for the restore-at-scale figure (issue 17). */
    static final long RESTORE_SOCKETS = 100_000;

    private final Options o;
    private final Path home;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Object> parts = new LinkedHashMap<>();
    private final Map<String, Object> profiles = new LinkedHashMap<>();
    private final Map<String, Object> kernels = new LinkedHashMap<>();
    private final Path workDir;

    private Bench(Options o, Path home) {
        this.o = o;
        this.home = home;
        this.workDir = home.resolve("bench/target/bench-work");
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("vk bench: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(Options.USAGE);
            return;
        }
        Path home = Path.of(System.getProperty("vkernel.home", ".")).toAbsolutePath().normalize();
        try {
            Bench bench = new Bench(o, home);
            if (o.reportFrom != null) {
                bench.reportOnly();
            } else {
                bench.run();
            }
            System.exit(0);
        } catch (Exception e) {
            System.err.println("vk bench: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void log(String fmt, Object... args) {
        System.err.println(String.format(fmt, args));
    }

    private void run() throws Exception {
        ZonedDateTime start = ZonedDateTime.now(ZoneOffset.UTC);
        results.put("bench", "vkernel vk bench (issue 7)");
        results.put("date", start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        results.put("command", System.getProperty("vkernel.bench.command",
                "java -cp bench/target/classes:$(cat bench/target/classpath.txt) vkernel.bench.Bench "
                        + String.join(" ", o.argv)).trim());
        results.put("commit", gitHead());
        results.put("machine", Machine.describe());
        results.put("settings", settings());
        results.put("kernels", kernels);
        results.put("parts", parts);
        Files.createDirectories(workDir);
        log("vk bench: %s on %s (%d cores), load %s", results.get("date"), ((Map<?, ?>) results.get("machine")).get("cpu"),
                Runtime.getRuntime().availableProcessors(), Machine.loadavg());

        if (o.parts.contains(3)) {
            part("3_linux", "3. Linux itself: socket()+close() on this machine's kernel", this::linux);
        }
        if (o.parts.stream().anyMatch(p -> p != 3 && p != 7)) {
            try (Target a = target("events-on", false)) {
                runOn(a);
            } catch (Exception e) {
                log("  the kernel could not be started or reached: %s", Target.describe(e));
                parts.put("kernel", Target.failure(e));
            }
        }
        if (o.parts.contains(7)) {
            part("7_events", "7. Events on versus off", () -> eventsOff());
        }
        if (o.parts.contains(8)) {
            part("8_durability", "8. State durability: sync, async, off; the pause a restart makes", this::durability);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> machine = (Map<String, Object>) results.get("machine");
        machine.put("loadavg_at_end", Machine.loadavg());
        results.put("ratios", ratios());
        results.put("targets", Targets.evaluate(results, o));
        if (!profiles.isEmpty()) {
            results.put("profiles", profiles);
        }
        results.put("seconds", Math.round((System.currentTimeMillis() - start.toInstant().toEpochMilli()) / 100.0) / 10.0);
        write(start);
    }

    /** The checked-out commit (read-only: git rev-parse), or "unknown". */
    private String gitHead() {
        try {
            Process p = new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out + " (plus uncommitted changes, if any)" : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("parts", new ArrayList<>(o.parts));
        s.put("socket_type", LinuxReference.typeName(o.type));
        s.put("threads", o.threads);
        s.put("latency_warmup_iterations", o.latencyWarmup());
        s.put("latency_iterations", o.latencyIters());
        s.put("throughput_warmup_s", o.throughputWarmup().toSeconds());
        s.put("throughput_measure_s", o.throughputMeasure().toSeconds());
        s.put("kernel_warmup_s", o.kernelWarmup().toSeconds());
        s.put("max_sockets", o.maxSockets);
        s.put("kernel", o.kernel == null ? "started by the bench (Kafka and the four layers as JVMs, -XX:+UseSerialGC)"
                : o.kernel);
        if (o.kernel == null) {
            s.put("layer_heap", "-Xmx" + o.layerHeap() + " (extraEnv JAVA_TOOL_OPTIONS, every layer, both kernels)");
        }
        s.put("quick", o.quick);
        return s;
    }

    /** Parts 1, 2, 4, 5, 6 against the kernel with events on. */
    private void runOn(Target a) {
        if (o.parts.contains(1) || o.parts.contains(2) || o.parts.contains(6)) {
            warmUp(a); // part 6 too: a cold first level would flatter the ratio of the last to the first
        }
        if (o.parts.contains(1)) {
            part("1_socket_close", "1. socket()+close(), AF_INET", () -> profiled("part1-socket-close", a,
                    () -> SocketCloseBench.run(a, o, Socket.AF_INET, o.type, "AF_INET")));
        }
        if (o.parts.contains(2)) {
            part("2_floor", "2. The floor: the same hops to a stub family (" + STUB_FAMILY + ")", () -> {
                StubFamily stub = a.stub(STUB_FAMILY);
                Map<String, Object> m = SocketCloseBench.run(a, o, STUB_FAMILY, o.type, "AF_VSOCK stub");
                m.put("stub", "grpc-java ProtoOpsService in the bench JVM at " + stub.address() + " (directExecutor), "
                        + "registered as family " + STUB_FAMILY + " with NetFamiliesService.SockRegister and renewed");
                m.put("stub_creates", stub.creates());
                m.put("stub_releases", stub.releases());
                return m;
            });
        }
        if (o.parts.contains(4)) {
            part("4_tcp", "4. TCP", () -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("connect_accept_close", guarded(() -> TcpBench.connectAccept(a, o)));
                m.put("bulk", guarded(() -> profiled("part4-bulk", a, () -> TcpBench.bulk(a, o))));
                m.put("raw_grpc_streaming", guarded(() -> TcpBench.rawGrpc(o)));
                m.put("status", Stream.of("connect_accept_close", "bulk", "raw_grpc_streaming")
                        .allMatch(k -> "ok".equals(((Map<?, ?>) m.get(k)).get("status"))) ? "ok" : "partial");
                return m;
            });
        }
        if (o.parts.contains(5)) {
            part("5_netlink", "5. Netlink: route add -> notification to 1, 10, 1,000 listeners",
                    () -> NetlinkBench.run(a, o));
        }
        if (o.parts.contains(6)) {
            part("6_scale", "6. Scale: socket() latency and heap per socket at 1,000 .. " + String.format("%,d", o.maxSockets)
                    + " open", () -> {
                        try {
                            return ScaleBench.run(a, o, Socket.AF_INET, o.type, "AF_INET");
                        } catch (Exception e) {
                            if (Target.errnoOf(e) == null || !Target.notImplemented(Target.errnoOf(e))) {
                                throw e;
                            }
                            log("    AF_INET: %s; measuring with the stub family instead (vfs and socket layers only)",
                                    Target.describe(e));
                            a.stub(STUB_FAMILY);
                            Map<String, Object> m = ScaleBench.run(a, o, STUB_FAMILY, o.type, "AF_VSOCK stub");
                            m.put("note", "AF_INET is not available (" + Target.describe(e) + "): measured with the stub"
                                    + " family, so the inet column is empty and the family's own cost is absent");
                            return m;
                        }
                    });
        }
    }

    /** The same warm-up for each kernel (see SocketCloseBench#warmUp); a failure here shows in the parts. */
    private void warmUp(Target k) {
        try {
            k.stub(STUB_FAMILY);
            SocketCloseBench.warmUp(k, o, o.type, Socket.AF_INET, STUB_FAMILY);
        } catch (Exception e) {
            log("  warm-up failed: %s", Target.describe(e));
        }
    }

    /** Part 7: parts 1 and 2 again against a kernel with event publishing off. */
    private Map<String, Object> eventsOff() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.kernel != null && o.eventsOffKernel == null) {
            m.put("status", "skipped");
            m.put("reason", "--kernel given without --events-off-kernel: no kernel with events off to compare with");
            return m;
        }
        try (Target b = target("events-off", true)) {
            m.put("what", "socket()+close() as parts 1 and 2, against a second kernel started with "
                    + "VKERNEL_EVENTS_ENABLED=false (vkernel.events.enabled, for measurement only)");
            warmUp(b);
            m.put("socket_close_events_off", guarded(() -> SocketCloseBench.run(b, o, Socket.AF_INET, o.type, "AF_INET")));
            m.put("floor_events_off", guarded(() -> {
                b.stub(STUB_FAMILY);
                return SocketCloseBench.run(b, o, STUB_FAMILY, o.type, "AF_VSOCK stub");
            }));
        }
        boolean any = Stream.of("socket_close_events_off", "floor_events_off")
                .anyMatch(k -> "ok".equals(((Map<?, ?>) m.get(k)).get("status")));
        m.put("status", any ? "ok" : "failed");
        return m;
    }

    private Map<String, Object> linux() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> c = LinuxReference.c(workDir, o.type, o.latencyWarmup() * 10, o.latencyIters() * 20,
                o.threads, o.throughputMeasure());
        m.put("c", c);
        if ("ok".equals(c.get("status"))) {
            log("    C: 1 thread p50 %s µs p99 %s µs; %d threads %s pairs/s",
                    ((Map<?, ?>) c.get("latency_1_thread")).get("p50_us"), ((Map<?, ?>) c.get("latency_1_thread")).get("p99_us"),
                    o.threads, ((Map<?, ?>) c.get("throughput")).get("ops_per_s"));
        } else {
            log("    C: %s (%s)", c.get("status"), c.get("reason"));
        }
        Map<String, Object> nio = LinuxReference.nio(o.type, o.latencyWarmup() * 10, o.latencyIters() * 20, o.threads,
                o.throughputMeasure());
        m.put("java_nio", nio);
        log("    Java NIO: 1 thread p50 %s µs; %d threads %s pairs/s",
                ((Map<?, ?>) nio.get("latency_1_thread")).get("p50_us"), o.threads, ((Map<?, ?>) nio.get("throughput")).get("ops_per_s"));
        m.put("status", "ok");
        return m;
    }

    // ---- kernels ------------------------------------------------------------------

    /** The kernel to measure: a running one (--kernel, --events-off-kernel) or one started here. */
    private Target target(String name, boolean eventsOff) throws Exception {
        return target(name, eventsOff, Map.of());
    }

    /**
     * Part 8: socket()+close() against kernels started with each state durability, and on
     * the sync one the pause a client sees while a layer is killed and restarted.
     */
    private Map<String, Object> durability() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.kernel != null) {
            m.put("status", "skipped");
            m.put("reason", "--kernel given: part 8 starts kernels of its own, one per durability");
            return m;
        }
        m.put("what", "socket()+close() AF_INET, as part 1, against kernels started with VKERNEL_STATE_DURABILITY="
                + "sync (the default), async and off; then, on the sync kernel, SIGKILL of a layer while one task "
                + "calls socket()+close() in a loop: the longest gap between two answered pairs; and the floor under "
                + "sync, one record produced and acknowledged alone on the same broker");
        for (String d : List.of("sync", "async", "off")) {
            try (Target t = target("durability-" + d, false, Map.of("VKERNEL_STATE_DURABILITY", d))) {
                warmUp(t);
                m.put("socket_close_" + d, guarded(() -> SocketCloseBench.run(t, o, Socket.AF_INET, o.type, "AF_INET")));
                if (d.equals("sync")) {
                    m.put("kafka_produce_round_trip", guarded(() -> ProduceFloor.measure(t.owned)));
                    for (Layer l : List.of(Layer.SOCKET, Layer.INET, Layer.VFS)) {
                        m.put("restart_pause_" + l.label(), guarded(() -> RestartPause.measure(t, l)));
                    }
                    long n = Math.min(RESTORE_SOCKETS, o.maxSockets);
                    m.put("restore_at_scale", guarded(() -> RestoreAtScale.measure(t, n)));
                }
            }
        }
        m.put("status", "ok");
        return m;
    }

    private Target target(String name, boolean eventsOff, Map<String, String> extraEnv) throws Exception {
        String running = eventsOff ? o.eventsOffKernel : o.kernel;
        if (running != null) {
            Path secretFile = o.secretFile != null ? o.secretFile : home.resolve(".vk/run/secret");
            int port = Integer.parseInt(running.substring(running.lastIndexOf(':') + 1));
            // the launcher's layout (vfs at base+1) gives the metrics ports; pids are unknown
            LayerProbe probe = new LayerProbe(port - Layer.VFS.port(0), Map.of());
            log("  using the running kernel at %s", running);
            return new Target(name, running, Target.readSecret(secretFile), probe, null);
        }
        int base = FreePorts.freeBasePort();
        Path kernelHome = snapshot();
        Path runDir = workDir.resolve("run-" + name);
        deleteTree(runDir);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-Xmx" + o.layerHeap());
        if (eventsOff) {
            env.put("VKERNEL_EVENTS_ENABLED", "false");
        }
        env.putAll(extraEnv);
        log("  starting a kernel (%s) on base port %d, layers -Xmx%s, logs in %s", name, base, o.layerHeap(),
                runDir.resolve("logs"));
        Kernel k = new Kernel(kernelHome, runDir, base, env);
        Thread hook = new Thread(() -> {
            try {
                k.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long t0 = System.nanoTime();
            Map<String, Object> state = startTolerant(k, base);
            state.put("base_port", base);
            state.put("start_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            Thread.sleep(3000); // settle after start-up, then measure the idle kernel's CPU
            state.put("idle_cpu_percent_of_one_core", new LayerProbe(base, k.pids()).idleCpu(k.pids(), 5));
            kernels.put(name, state);
            log("  kernel %s in %s s (idle CPU, %% of a core: %s)%s",
                    "ready".equals(state.get("status")) ? "ready" : "partly ready", state.get("start_seconds"),
                    state.get("idle_cpu_percent_of_one_core"), "ready".equals(state.get("status")) ? ""
                            : ": " + state.get("layers_ready") + ", families registered: " + state.get("families"));
            return new Target(name, k.address(), k.adminSecret(), new LayerProbe(base, k.pids()), k);
        } catch (Exception e) {
            k.close();
            throw e;
        }
    }

    /**
     * Starts the kernel and waits until every layer is ready; if one never becomes ready
     * (a layer that does not implement its family yet keeps socket-service not ready),
     * goes on once vfs-service is ready and sockfs has been registered for
     * {@link #PARTIAL_GRACE_S} seconds, so that the parts can say what is missing.
     */
    private static Map<String, Object> startTolerant(Kernel k, int base) throws Exception {
        java.util.concurrent.CompletableFuture<Void> started = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                k.start();
                started.complete(null);
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "bench-kernel-start");
        t.setDaemon(true);
        t.start();
        Long sockfsSince = null;
        Map<String, Object> state = new LinkedHashMap<>();
        while (true) {
            if (started.isDone()) {
                if (!started.isCompletedExceptionally()) {
                    state.put("status", "ready");
                    break;
                }
                if (!k.isReady(Layer.VFS)) {
                    started.get(); // rethrows why
                }
                state.put("status", "partly ready");
                break;
            }
            if (k.isReady(Layer.VFS) && socketHealth(base).contains("\"registered\"")) {
                if (sockfsSince == null) {
                    sockfsSince = System.nanoTime();
                } else if (System.nanoTime() - sockfsSince > PARTIAL_GRACE_S * 1_000_000_000L) {
                    state.put("status", "partly ready");
                    break;
                }
            }
            Thread.sleep(250);
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        for (Layer l : LayerProbe.SERVICES) {
            ready.put(l.label(), k.isReady(l));
        }
        state.put("layers_ready", ready);
        java.util.regex.Matcher fam = java.util.regex.Pattern.compile("\"families\"\\s*:\\s*\"([0-9,]*)\"")
                .matcher(socketHealth(base));
        state.put("families", fam.find() ? fam.group(1) : "?");
        return state;
    }

    private static final long PARTIAL_GRACE_S = 30;

    /** socket-service's readiness document (sockfs, the families registered), or "". */
    private static String socketHealth(int base) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:" + Layer.SOCKET.httpPort(base) + "/q/health/ready"))
                    .timeout(java.time.Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private Path snapshot;

    /**
     * A copy of the layers' build output (each service's quarkus-app, the broker's classes
     * and classpath), made once per run: both kernels run the same build even if the
     * modules are rebuilt meanwhile, and a rebuild cannot pull jars from under a running layer.
     */
    private Path snapshot() throws IOException {
        if (snapshot != null) {
            return snapshot;
        }
        Path dst = workDir.resolve("home");
        deleteTree(dst);
        Map<String, Object> build = new LinkedHashMap<>();
        for (Layer l : Layer.values()) {
            Path target = home.resolve(l.module()).resolve("target");
            List<String> parts = l == Layer.KAFKA ? List.of("classes", "classpath.txt") : List.of("quarkus-app");
            for (String part : parts) {
                Path src = target.resolve(part);
                if (!Files.exists(src)) {
                    continue; // the launcher says what is missing
                }
                copyTree(src, dst.resolve(l.module()).resolve("target").resolve(part));
            }
            Path app = target.resolve("quarkus-app/app");
            if (Files.isDirectory(app)) {
                try (Stream<Path> jars = Files.list(app)) {
                    for (Path j : jars.toList()) {
                        build.put(l.module(), Files.getLastModifiedTime(j).toInstant().truncatedTo(
                                java.time.temporal.ChronoUnit.SECONDS).toString());
                    }
                }
            }
        }
        results.put("build", build);
        snapshot = dst;
        return dst;
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- parts, failures, profiles -------------------------------------------------

    @FunctionalInterface
    interface Part {
        Map<String, Object> run() throws Exception;
    }

    /** Runs one part; a failure is recorded in its place (not implemented yet, or failed), never thrown. */
    private void part(String key, String title, Part p) {
        log("%s", title);
        long t0 = System.nanoTime();
        Map<String, Object> m = guarded(p);
        m.put("part_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        if (!"ok".equals(m.get("status"))) {
            log("    -> %s%s", m.get("status"), m.containsKey("error") ? ": " + m.get("error") : "");
        }
        parts.put(key, m);
    }

    private static Map<String, Object> guarded(Part p) {
        try {
            return p.run();
        } catch (Exception e) {
            return Target.failure(e);
        }
    }

    /** Runs a measurement with JFR recording in the layers and in this JVM when --jfr was given. */
    private Map<String, Object> profiled(String name, Target k, Part p) throws Exception {
        if (!o.jfr) {
            return p.run();
        }
        Path dir = workDir.resolve("jfr");
        Files.createDirectories(dir);
        k.probe.jfrStart(name);
        Recording own = new Recording(Configuration.getConfiguration("profile"));
        own.start();
        try {
            return p.run();
        } finally {
            own.stop();
            Path ownFile = dir.resolve(name + "-bench.jfr");
            own.dump(ownFile);
            own.close();
            Map<String, Object> prof = new LinkedHashMap<>();
            List<Path> files = new ArrayList<>(k.probe.jfrStop(name, dir));
            files.add(ownFile);
            for (Path f : files) {
                String layer = f.getFileName().toString().replace(name + "-", "").replace(".jfr", "");
                try {
                    prof.put(layer, Profiles.summarize(f, 12));
                } catch (IOException e) {
                    prof.put(layer, Map.of("error", e.toString()));
                }
            }
            profiles.put(name, prof);
        }
    }

    // ---- ratios and output --------------------------------------------------------

    private Map<String, Object> ratios() {
        return Targets.ratios(parts);
    }

    private void write(ZonedDateTime start) throws IOException {
        Path out = o.out != null ? o.out : home.resolve("bench/results");
        Files.createDirectories(out);
        String json = Json.write(results) + "\n";
        Files.writeString(out.resolve("latest.json"), json);
        Path dated = out.resolve(start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")) + ".json");
        Files.writeString(dated, json);
        log("results: %s and %s", out.resolve("latest.json"), dated);
        report(results, out);
    }

    /** The charts (OUT/charts) and the generated section of the report, from results. */
    private void report(Map<String, Object> from, Path out) throws IOException {
        Path charts = out.resolve("charts");
        List<String> drawn = Charts.write(from, charts);
        log("charts: %s in %s", String.join(", ", drawn), charts);
        Path mdFile = "none".equals(o.markdown) ? null : o.markdown != null ? Path.of(o.markdown) : home.resolve("BENCHMARKS.md");
        Path mdDir = (mdFile != null ? mdFile : home.resolve("BENCHMARKS.md")).toAbsolutePath().getParent();
        String md = Report.markdown(from, mdDir.relativize(charts.toAbsolutePath()).toString(), drawn);
        System.out.print(md);
        if (mdFile != null) {
            Report.update(mdFile, md);
            log("report: %s (the generated section)", mdFile);
        }
    }

    /** vk bench --report-from FILE: the charts and the report from a results file, nothing measured. */
    private void reportOnly() throws IOException {
        Path out = o.out != null ? o.out : home.resolve("bench/results");
        report(ResultsFile.read(o.reportFrom), out);
    }
}
