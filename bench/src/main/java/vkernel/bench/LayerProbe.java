package vkernel.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import vkernel.launcher.Layer;

/**
 * What the bench reads from the layers without adding anything to them: the live heap
 * (when the layer's pid is known, i.e. the bench started the kernel: a full collection
 * with jcmd GC.run, then the generations' "used" of jcmd GC.heap_info; otherwise
 * Micrometer's jvm_memory_used_bytes{area="heap"} from /q/metrics, summed over the
 * pools, garbage included), and JFR recordings through jcmd.
 */
final class LayerProbe {
    static final List<Layer> SERVICES = List.of(Layer.VFS, Layer.SOCKET, Layer.INET, Layer.NETLINK);

    private final int basePort;
    private final Map<Layer, Long> pids;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LayerProbe(int basePort, Map<Layer, Long> pids) {
        this.basePort = basePort;
        this.pids = pids;
    }

    boolean canCollect() {
        return !pids.isEmpty();
    }

    OptionalLong pid(Layer l) {
        Long p = pids.get(l);
        return p == null ? OptionalLong.empty() : OptionalLong.of(p);
    }

    /**
     * Bytes of heap in use in a layer: with its pid, after two full GCs (jcmd GC.run), as
     * jcmd GC.heap_info counts it; without, from /q/metrics as it is. Empty if unreadable.
     */
    OptionalLong liveHeap(Layer l) {
        if (pid(l).isPresent()) {
            long p = pid(l).getAsLong();
            // twice: what the first collection found finalizable or only softly reachable is freed by the second
            jcmd(p, List.of("GC.run"));
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jcmd(p, List.of("GC.run"));
            String info = jcmd(p, List.of("GC.heap_info"));
            OptionalLong h = info == null ? OptionalLong.empty() : heapFromHeapInfo(info);
            if (h.isPresent()) {
                return h;
            }
        }
        return heapUsed(l);
    }

    private static final java.util.regex.Pattern GENERATION = java.util.regex.Pattern.compile(
            "^\\s*(?!Metaspace|class space)[A-Za-z][A-Za-z -]*?\\s+total \\d+K, used (\\d+)K", java.util.regex.Pattern.MULTILINE);

    /** Sums the "used NK" of the heap's generations in jcmd GC.heap_info output (not Metaspace). */
    static OptionalLong heapFromHeapInfo(String info) {
        java.util.regex.Matcher m = GENERATION.matcher(info);
        long kb = 0;
        boolean found = false;
        while (m.find()) {
            kb += Long.parseLong(m.group(1));
            found = true;
        }
        return found ? OptionalLong.of(kb * 1024) : OptionalLong.empty();
    }

    OptionalLong heapUsed(Layer l) {
        String page = metricsPage(l);
        return page == null ? OptionalLong.empty() : heapFromPrometheus(page);
    }

    /** The kernel's table sizes (vkernel_table_size of each layer's /q/metrics) as "layer.table" → entries. */
    Map<String, Long> tables() {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (Layer l : SERVICES) {
            String page = metricsPage(l);
            if (page != null) {
                m.putAll(tablesFromPrometheus(page));
            }
        }
        return m;
    }

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile(
            "^vkernel_table_size\\{([^}]*)\\}\\s+(\\S+)", java.util.regex.Pattern.MULTILINE);
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static Map<String, Long> tablesFromPrometheus(String page) {
        Map<String, Long> m = new java.util.TreeMap<>();
        java.util.regex.Matcher t = TABLE.matcher(page);
        while (t.find()) {
            String layer = "?";
            String table = "?";
            java.util.regex.Matcher lb = LABEL.matcher(t.group(1));
            while (lb.find()) {
                if (lb.group(1).equals("layer")) {
                    layer = lb.group(2);
                } else if (lb.group(1).equals("table")) {
                    table = lb.group(2);
                }
            }
            try {
                m.put(layer + "." + table, (long) Double.parseDouble(t.group(2)));
            } catch (NumberFormatException e) {
                // not a sample
            }
        }
        return m;
    }

    private String metricsPage(Layer l) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + l.httpPort(basePort) + "/q/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sums jvm_memory_used_bytes{area="heap",...} samples of a Prometheus text page. */
    static OptionalLong heapFromPrometheus(String page) {
        double sum = 0;
        boolean found = false;
        for (String line : page.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                int sp = line.lastIndexOf(' ');
                if (sp > 0) {
                    try {
                        sum += Double.parseDouble(line.substring(sp + 1).trim());
                        found = true;
                    } catch (NumberFormatException e) {
                        // not a sample line
                    }
                }
            }
        }
        return found ? OptionalLong.of((long) sum) : OptionalLong.empty();
    }

    /** CPU time (user + system) a process has used, in clock ticks of /proc/PID/stat; -1 if unreadable. */
    static long cpuTicks(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The CPU each layer and the broker use while no call is made, in percent of one core
     * over {@code seconds} (clock ticks assumed 100 per second, as on Linux x86-64).
     */
    Map<String, Object> idleCpu(Map<Layer, Long> all, double seconds) throws InterruptedException {
        Map<Layer, Long> before = new java.util.EnumMap<>(Layer.class);
        all.forEach((l, p) -> before.put(l, cpuTicks(p)));
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        all.forEach((l, p) -> {
            long a = before.get(l);
            long b = cpuTicks(p);
            m.put(l.label(), a < 0 || b < 0 ? null : Math.round((b - a) / 100.0 / secs * 1000) / 10.0);
        });
        return m;
    }

    /** Starts a profiling JFR recording in every layer whose pid is known. */
    void jfrStart(String name) {
        for (Layer l : SERVICES) {
            pid(l).ifPresent(p -> jcmd(p, List.of("JFR.start", "name=" + name, "settings=profile")));
        }
    }

    /** Stops the recording and writes each layer's to dir/NAME-LAYER.jfr; the files written. */
    List<Path> jfrStop(String name, Path dir) {
        List<Path> files = new ArrayList<>();
        for (Layer l : SERVICES) {
            if (pid(l).isEmpty()) {
                continue;
            }
            Path f = dir.resolve(name + "-" + l.label() + ".jfr").toAbsolutePath();
            String out = jcmd(pid(l).getAsLong(), List.of("JFR.stop", "name=" + name, "filename=" + f));
            if (out != null && f.toFile().exists()) {
                files.add(f);
            }
        }
        return files;
    }

    /** Runs jcmd against a pid; its output, or null when it failed. */
    static String jcmd(long pid, List<String> command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(command);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
