package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vkernel.fuzz.FuzzReport;
import vkernel.fuzz.Fuzzer;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.VKernel;

/**
 * Issue 11: the fuzzer (the engine of `vk fuzz`) with a fixed seed against the shared
 * kernel: 64 tasks, 100,000 calls of random and boundary arguments (after 10,000 of a
 * warm-up of another seed), two to five minutes on this two-core machine (660 calls a
 * second alone, 360 beside other builds); -Dvkernel.fuzz.calls sets another count, and
 * -Dvkernel.fuzz.seed another seed. Every answer is success or a Linux errno; no layer
 * logs an error or an exception meanwhile; every table gauge is back to its size before
 * the run once the tasks have exited, and so is each layer's live set (its objects in a
 * heap dump) within 10%.
 */
class FuzzTest {
    /** Calls of a CI run, as the issue asks (see the class comment for the time it takes). */
    private static final long CALLS = 100_000;
    private static final long WARM_UP = 10_000;
    private static final double HEAP_MARGIN = 1.10;
    /** Further dumps, 2 s apart, of a layer still above the margin (see {@link #settle}). */
    private static final int SETTLE_DUMPS = 10;
    private static final List<Layer> LAYERS = List.of(Layer.VFS, Layer.SOCKET, Layer.INET, Layer.NETLINK);
    /** An ERROR line, a Java exception or error named, or a stack frame. */
    private static final Pattern BAD_LINE = Pattern.compile(
            "\\bERROR\\b|\\b[\\w.$]+(Exception|Error)\\b|^\\s+at [\\w.$]+\\(", Pattern.MULTILINE);

    @Test
    void everyAnswerIsSuccessOrAnErrnoAndTheKernelIsBackToItsBaseline() throws Exception {
        long seed = Long.getLong("vkernel.fuzz.seed", 20261207L);
        long calls = Long.getLong("vkernel.fuzz.calls", CALLS);
        Kernel kernel = KernelFixture.kernel();
        try (VKernel k = VKernel.connect(kernel.address(), kernel.adminSecret())) {
            // A short run first, of another seed: what a layer makes once and keeps (the
            // initial namespace's tables in inet, which never exits as init_net never does;
            // a metric series per call and errno; loaded classes' caches) is made before
            // the baselines, so what the run leaves behind is what it leaked.
            FuzzReport warmUp = Fuzzer.run(k, Fuzzer.Options.of(seed + 1, WARM_UP, 64));
            assertEquals(List.of(), warmUp.findings(), "every answer is success or a Linux errno (warm-up)");
            Map<String, Double> tables = stableTables(kernel);
            Map<Layer, Long> heap = liveHeaps(kernel);
            Map<Layer, Long> logStart = logSizes(kernel);

            FuzzReport report = Fuzzer.run(k, Fuzzer.Options.of(seed, calls, 64));
            report.print(System.out);

            assertTrue(report.calls() >= calls, "calls made: " + report.calls());
            assertEquals(List.of(), report.findings(), "every answer is success or a Linux errno");
            assertTrue(report.histogram().getOrDefault("ok", 0L) > calls / 20, "some calls succeed: " + report.histogram());
            assertTrue(report.histogram().size() > 10, "many errnos: " + report.histogram());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // releases and netns exits follow exit
            Map<String, Double> after = TableSizes.all(kernel);
            while (!after.equals(tables) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                after = TableSizes.all(kernel);
            }
            assertEquals(tables, after, "every table back to its size before the run");

            List<String> bad = badLogLines(kernel, logStart);
            assertEquals(List.of(), bad, "no error or exception in the layers' logs during the run");

            Map<Layer, Long> heapAfter = liveHeaps(kernel);
            settle(kernel, heap, heapAfter);
            System.out.println("live heap before " + heap + ", after " + heapAfter);
            // The answers kept for retries go with their task's exit (vfs) or its namespace's
            // (the others); what the 4 tasks of the initial namespace leave (their last 64
            // answers each, for ten minutes) is well within the margin.
            List<String> grown = new ArrayList<>();
            for (Layer l : LAYERS) {
                if (heapAfter.get(l) > heap.get(l) * HEAP_MARGIN) {
                    grown.add(l + " " + heap.get(l) / 1024 + " KiB -> " + heapAfter.get(l) / 1024 + " KiB; its largest classes:\n"
                            + jcmd(kernel.pids().get(l), "GC.class_histogram").lines().limit(25).reduce("", (x, y) -> x + y + "\n"));
                    // the dump tells what holds it (target/ of e2e, kept by CI's workspace)
                    jcmd(kernel.pids().get(l), "GC.heap_dump " + Path.of("target", "fuzz-" + l + ".hprof").toAbsolutePath());
                }
            }
            assertEquals(List.of(), grown, "every layer's live heap back within 10% of its size before the run");

        }
    }

    /** The table gauges once the warm-up's exits have run their course (up to 30 s). */
    private static Map<String, Double> stableTables(Kernel kernel) throws Exception {
        Map<String, Double> before = TableSizes.all(kernel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            Map<String, Double> now = TableSizes.all(kernel);
            if (now.equals(before)) {
                return now;
            }
            before = now;
        }
        return before;
    }

    private static Map<Layer, Long> logSizes(Kernel kernel) throws IOException {
        Map<Layer, Long> m = new EnumMap<>(Layer.class);
        for (Layer l : LAYERS) {
            Path p = log(kernel, l);
            m.put(l, Files.exists(p) ? Files.size(p) : 0L);
        }
        return m;
    }

    private static Path log(Kernel kernel, Layer l) {
        return kernel.runDir().resolve("logs").resolve(l.label() + ".log");
    }

    /** The lines each layer logged since {@code from} that name an error or an exception. */
    private static List<String> badLogLines(Kernel kernel, Map<Layer, Long> from) throws IOException {
        List<String> bad = new ArrayList<>();
        for (Layer l : LAYERS) {
            try (RandomAccessFile f = new RandomAccessFile(log(kernel, l).toFile(), "r")) {
                long start = from.get(l);
                byte[] b = new byte[(int) Math.min(f.length() - start, 64 << 20)];
                f.seek(start);
                f.readFully(b);
                for (String line : new String(b, StandardCharsets.ISO_8859_1).split("\n")) {
                    if (BAD_LINE.matcher(line).find() && bad.size() < 40) {
                        bad.add(l.label() + ": " + line);
                    }
                }
            }
        }
        return bad;
    }

    /**
     * Dumps a layer whose live set is still above the margin again, up to {@link
     * #SETTLE_DUMPS} times 2 s apart, keeping the smallest: what it holds for a few seconds
     * is not what it leaked. In one CI run vfs-service's three dumps right after the run
     * all counted 20.0 MB against 17.1 MB before, and the dump taken next 16.5 MB.
     */
    private static void settle(Kernel kernel, Map<Layer, Long> before, Map<Layer, Long> after) throws Exception {
        for (Layer l : LAYERS) {
            for (int i = 0; i < SETTLE_DUMPS && after.get(l) > before.get(l) * HEAP_MARGIN; i++) {
                Thread.sleep(2000);
                after.merge(l, liveHeap(kernel, l), Math::min);
            }
        }
    }

    /**
     * Each layer's live set, read from a heap dump of its live objects (see {@link HeapDump}):
     * the smallest of three dumps a second apart, because what a layer holds for a moment
     * (a Kafka fetch being read, a batch being sent) made one dump 6 MB larger than the next.
     */
    private static Map<Layer, Long> liveHeaps(Kernel kernel) throws Exception {
        Map<Layer, Long> m = new EnumMap<>(Layer.class);
        for (int round = 0; round < 3; round++) {
            if (round > 0) {
                Thread.sleep(1000);
            }
            for (Layer l : LAYERS) {
                m.merge(l, liveHeap(kernel, l), Math::min);
            }
        }
        return m;
    }

    private static long liveHeap(Kernel kernel, Layer l) throws Exception {
        Path dump = Files.createTempFile("vkernel-fuzz-" + l, ".hprof");
        Files.delete(dump); // jcmd will not write over a file
        try {
            jcmd(kernel.pids().get(l), "GC.heap_dump " + dump);
            return HeapDump.liveBytes(dump);
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + pid + " " + command + ": " + out);
        }
        return out;
    }
}
