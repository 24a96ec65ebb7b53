package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import vkernel.launcher.Kernel;
import vkernel.scenario.ScenarioCli;

/**
 * The acceptance suite: every public conformance scenario runs against the kernel (all
 * layers as processes) and its output must equal, byte for byte, what Linux printed.
 * Scenarios whose calls are not implemented yet are listed in conformance-pending.txt;
 * they are run too, reported, and not counted.
 */
class ConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyPublicScenarioMatchesLinux() throws Exception {
        return suite(KernelFixture.conformance());
    }

    /** Scenarios we recorded on the oracle ourselves, where the public suite is silent. */
    @TestFactory
    Stream<DynamicTest> everyScenarioWeRecordedMatchesLinux() throws Exception {
        return suite(KernelFixture.home().resolve("conformance"));
    }

    private Stream<DynamicTest> suite(Path dir) throws Exception {
        assertTrue(Files.isDirectory(dir.resolve("scenarios")), "no conformance suite at " + dir);
        Kernel kernel = KernelFixture.kernel();
        String secret = kernel.adminSecret();
        Set<String> pending = pending();
        List<Path> scenarios;
        try (Stream<Path> s = Files.list(dir.resolve("scenarios"))) {
            scenarios = s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        // Warm the kernel's JITs once so that no first call nears the 1 s BLOCKED budget.
        run(kernel, secret, scenarios.get(0));

        List<String> nowPassing = new ArrayList<>();
        List<String> stillPending = new ArrayList<>();
        for (Path scn : scenarios) {
            String name = name(scn);
            if (pending.contains(name)) {
                boolean passes = run(kernel, secret, scn).equals(expected(dir, name));
                (passes ? nowPassing : stillPending).add(name);
            }
        }
        System.out.println("conformance: " + stillPending.size() + " pending scenario(s) not counted: " + stillPending);
        if (!nowPassing.isEmpty()) {
            System.out.println("conformance: pending scenarios that now pass (remove them from conformance-pending.txt): " + nowPassing);
        }
        return scenarios.stream().filter(scn -> !pending.contains(name(scn))).map(scn -> DynamicTest.dynamicTest(name(scn), () ->
                assertEquals(expected(dir, name(scn)), run(kernel, secret, scn), name(scn) + " differs from Linux")));
    }

    private static String run(Kernel kernel, String secret, Path scn) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            int rc = ScenarioCli.script(kernel.address(), secret, scn, out);
            out.flush();
            if (rc != 0) {
                return "runner exited " + rc + "\n" + buf.toString(StandardCharsets.UTF_8);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String expected(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve("expected").resolve(name + ".out"), StandardCharsets.UTF_8);
    }

    private static String name(Path scn) {
        String f = scn.getFileName().toString();
        return f.substring(0, f.length() - ".scn".length());
    }

    private static Set<String> pending() throws IOException {
        Set<String> out = new TreeSet<>();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance-pending.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
