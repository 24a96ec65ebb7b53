package vkernel.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import vkernel.scenario.ScenarioCli;

/**
 * Runs conformance scenarios against a running kernel through the client's scenario
 * runner (what {@code vk script} runs) and compares each output, byte for byte, with what
 * Linux printed: shared/conformance/check.sh with {@code vk script}, as JUnit 5 dynamic
 * tests. A scenario that differs fails with the first differing line and a diff.
 *
 * <p>Scenarios named as pending (their calls are not implemented yet) are run too,
 * reported on stdout, and not made into tests.
 */
public final class ConformanceRunner {
    private final KernelEndpoint kernel;
    private final Set<String> pending;

    public ConformanceRunner(KernelEndpoint kernel) {
        this(kernel, Set.of());
    }

    public ConformanceRunner(KernelEndpoint kernel, Set<String> pending) {
        this.kernel = kernel;
        this.pending = Set.copyOf(pending);
    }

    /** The same runner, with these scenario names run, reported and not counted. */
    public ConformanceRunner withPending(Set<String> names) {
        return new ConformanceRunner(kernel, names);
    }

    /**
     * The scenario names a pending list names: one a line, {@code #} comments and blank
     * lines ignored; no file, no names.
     */
    public static Set<String> pendingListedIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        if (!Files.exists(file)) {
            return names;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                names.add(l);
            }
        }
        return names;
    }

    /**
     * One dynamic test per scenario of these suites, named by the scenario, in suite then
     * name order. Before any, one scenario runs once to warm the kernel's JITs (so that no
     * first call nears the one-second BLOCKED budget), and the pending ones run and are reported.
     */
    public Stream<DynamicTest> dynamicTests(ConformanceSuite... suites) throws IOException {
        List<ConformanceSuite.Scenario> all = new ArrayList<>();
        for (ConformanceSuite suite : suites) {
            all.addAll(suite.scenarios());
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no conformance suite given");
        }
        run(all.get(0));
        reportPending(all);
        return all.stream().filter(s -> !pending.contains(s.name()))
                .map(s -> DynamicTest.dynamicTest(s.name(), s.file().toUri(), () -> assertConforms(s)));
    }

    /** Runs one scenario and fails, with a diff, unless its output is Linux's byte for byte. */
    public void assertConforms(ConformanceSuite.Scenario scenario) throws IOException {
        byte[] expected = scenario.expected();
        Run run = run(scenario);
        if (run.status() == ScenarioCli.OK && Arrays.equals(expected, run.output())) {
            return;
        }
        String want = text(expected);
        String have = text(run.output());
        String why = run.status() == ScenarioCli.OK ? "differs from Linux"
                : "stopped: the scenario runner exited " + run.status() + " (its reason is on stderr)";
        throw new AssertionFailedError(scenario.name() + " " + why + ", " + OutputDiff.describe(want, have), want, have);
    }

    /** What a run printed, and the scenario runner's exit status ({@link ScenarioCli#OK} when it ran to the end). */
    public record Run(int status, byte[] output) {
        public boolean matches(byte[] expected) {
            return status == ScenarioCli.OK && Arrays.equals(expected, output);
        }
    }

    /** Runs one scenario against the kernel, as {@code vk script FILE} does. */
    public Run run(ConformanceSuite.Scenario scenario) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        // ISO-8859-1: the runner reads scenario text that way, so each char printed is one byte
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.ISO_8859_1)) {
            int status = ScenarioCli.script(kernel.address(), kernel.adminSecret(), scenario.file(), out);
            out.flush();
            return new Run(status, buf.toByteArray());
        }
    }

    private void reportPending(List<ConformanceSuite.Scenario> all) throws IOException {
        List<String> nowPassing = new ArrayList<>();
        List<String> stillPending = new ArrayList<>();
        for (ConformanceSuite.Scenario s : all) {
            if (pending.contains(s.name())) {
                (run(s).matches(s.expected()) ? nowPassing : stillPending).add(s.name());
            }
        }
        if (pending.isEmpty()) {
            return;
        }
        System.out.println("conformance: " + stillPending.size() + " pending scenario(s) not counted: " + stillPending);
        if (!nowPassing.isEmpty()) {
            System.out.println("conformance: pending scenarios that now pass (take them off the pending list): " + nowPassing);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
