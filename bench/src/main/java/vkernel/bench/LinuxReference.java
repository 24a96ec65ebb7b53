package vkernel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vkernel.uapi.Socket;

/**
 * socket()+close() on this machine's own kernel: a small C program when gcc is present
 * (compiled into the work directory from the copy in this jar), and always a Java NIO
 * loop (SocketChannel/DatagramChannel open+close, which adds the JDK's own work).
 */
final class LinuxReference {
    private LinuxReference() {}

    static Map<String, Object> c(Path workDir, int type, int warmup, int iters, int threads, Duration measure)
            throws IOException, InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        Path src = workDir.resolve("linux_socket_bench.c");
        Path bin = workDir.resolve("linux_socket_bench");
        Files.createDirectories(workDir);
        try (InputStream in = LinuxReference.class.getResourceAsStream("linux_socket_bench.c")) {
            Files.write(src, in.readAllBytes());
        }
        String cc = List.of("gcc", "cc").stream().filter(LinuxReference::onPath).findFirst().orElse(null);
        if (cc == null) {
            m.put("status", "skipped");
            m.put("reason", "no C compiler (gcc, cc) on PATH");
            return m;
        }
        Result compile = exec(List.of(cc, "-O2", "-pthread", "-o", bin.toString(), src.toString()), 120);
        if (compile.status != 0) {
            m.put("status", "failed");
            m.put("reason", "compile failed: " + compile.output.strip());
            return m;
        }
        double seconds = measure.toMillis() / 1000.0;
        Result run = exec(List.of(bin.toString(), Integer.toString(Socket.AF_INET), Integer.toString(type),
                Integer.toString(warmup), Integer.toString(iters), Integer.toString(threads), Double.toString(seconds)),
                600);
        if (run.status != 0) {
            m.put("status", "failed");
            m.put("reason", run.output.strip());
            return m;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : run.output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        m.put("status", "ok");
        m.put("how", cc + " -O2: socket(AF_INET, " + typeName(type) + ", 0)+close() in C; throughput with "
                + threads + " pthreads of one process");
        Map<String, Object> lat = new LinkedHashMap<>();
        lat.put("count", Long.parseLong(kv.get("latency_count")));
        for (String k : List.of("mean", "min", "p50", "p90", "p99", "p999", "max")) {
            lat.put(k + "_us", Stats.us(Double.parseDouble(kv.get("latency_" + k + "_ns"))));
        }
        m.put("latency_1_thread", lat);
        Map<String, Object> tp = new LinkedHashMap<>();
        tp.put("threads", Integer.parseInt(kv.get("throughput_threads")));
        tp.put("ops", Long.parseLong(kv.get("throughput_ops")));
        tp.put("seconds", Double.parseDouble(kv.get("throughput_seconds")));
        tp.put("ops_per_s", Double.parseDouble(kv.get("throughput_ops_per_s")));
        m.put("throughput", tp);
        return m;
    }

    /** The same loop through the JDK's channels. */
    static Map<String, Object> nio(int type, int warmup, int iters, int threads, Duration measure) throws Exception {
        Runner.Op op = t -> {
            if (type == Socket.SOCK_DGRAM) {
                DatagramChannel.open(StandardProtocolFamily.INET).close();
            } else {
                SocketChannel.open().close();
            }
        };
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("how", "Java NIO: " + (type == Socket.SOCK_DGRAM ? "DatagramChannel.open(INET)" : "SocketChannel.open()")
                + ".close(), " + threads + " threads for throughput");
        m.put("latency_1_thread", Runner.latency(warmup, iters, op).summary().toMicros());
        m.put("throughput", Runner.throughput(threads, Duration.ofSeconds(1), measure, op).toMap());
        return m;
    }

    static String typeName(int type) {
        return type == Socket.SOCK_DGRAM ? "SOCK_DGRAM" : "SOCK_STREAM";
    }

    private static boolean onPath(String exe) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    private record Result(int status, String output) {}

    private static Result exec(List<String> cmd, int timeoutS) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
