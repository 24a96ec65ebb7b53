package vkernel.inet.core;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance scenarios (the shared ones, and more recorded on Linux 6.18 with the
 * oracle for this family), run against the core with {@link ScenarioDriver}; each
 * output must equal the kernel's byte for byte. Scenarios that need another layer
 * (rlimits) are skipped.
 */
class ConformanceScenariosTest {
    private static ScheduledExecutorService timers;

    @BeforeAll
    static void start() {
        timers = ScenarioDriver.timerThread();
    }

    @AfterAll
    static void stop() {
        timers.shutdownNow();
    }

    /** The public suite beside the repository and the scenarios we recorded (conformance/). */
    private static final List<Path> SUITES = List.of(Path.of("../../shared/conformance"), Path.of("../conformance"));

    static Stream<String> scenarios() throws IOException {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (Path suite : SUITES) {
            Path dir = suite.resolve("scenarios");
            if (!Files.isDirectory(dir)) {
                throw new IOException("no conformance suite at " + dir.toAbsolutePath());
            }
            try (Stream<Path> files = Files.list(dir)) {
                // vfs-*: the fd layer's own scenarios, which the driver's stand-in fd table does not model
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".scn") && !n.startsWith("vfs-"))
                        .map(n -> n.substring(0, n.length() - 4)).forEach(names::add);
            }
        }
        return names.stream().sorted();
    }

    private static String resource(String file) throws IOException {
        boolean scn = file.endsWith(".scn");
        for (Path suite : SUITES) {
            Path p = suite.resolve(scn ? "scenarios" : "expected").resolve(file);
            if (Files.exists(p)) {
                return Files.readString(p, StandardCharsets.UTF_8);
            }
        }
        throw new IOException("no " + file + " in " + SUITES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void matchesLinux(String name) throws Exception {
        List<String> lines = resource(name + ".scn").lines().toList();
        AfInet af = new AfInet(Timers.of(timers), Trace.NO_SOURCE);
        String out = new ScenarioDriver(af, 1).run(lines);
        Assumptions.assumeTrue(out != null, "needs a layer this test does not stand in for");
        String expected = resource(name + ".out");
        assertEquals(expected, out, () -> diff(expected, out));
    }

    /**
     * A scenario outside the suite, for exploring: -Dinet.scenario=FILE.scn runs it and
     * writes what this stack prints to FILE.here (compare with the oracle's run.sh output).
     */
    @org.junit.jupiter.api.Test
    void adHoc() throws Exception {
        String file = System.getProperty("inet.scenario");
        Assumptions.assumeTrue(file != null, "no -Dinet.scenario given");
        AfInet af = new AfInet(Timers.of(timers), Trace.NO_SOURCE);
        String out = new ScenarioDriver(af, 1).run(Files.readAllLines(Path.of(file)));
        Files.writeString(Path.of(file.replaceAll("\\.scn$", "") + ".here"), out == null ? "(not runnable here)\n" : out);
    }

    /** The lines that differ, expected then actual. */
    static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        StringBuilder sb = new StringBuilder("differs from Linux:\n");
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "";
            String y = i < a.size() ? a.get(i) : "";
            if (!x.equals(y)) {
                sb.append("  linux: ").append(x).append("\n  here:  ").append(y).append("\n");
            }
        }
        return sb.toString();
    }
}
