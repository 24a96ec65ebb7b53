package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import vkernel.scenario.ScenarioCli;

/**
 * The public conformance scenarios through the containers, from the host, as a user of
 * `docker compose up` runs them: output equal, byte for byte, to what Linux printed.
 * Scenarios listed in e2e's conformance-pending.txt are run, reported, and not counted.
 */
class ConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyPublicScenarioMatchesLinuxThroughCompose() throws Exception {
        ComposeStack stack = ComposeStack.get();
        Path dir = Docker.home().resolveSibling("shared").resolve("conformance");
        assertTrue(Files.isDirectory(dir.resolve("scenarios")), "no conformance suite at " + dir);
        String address = stack.kernelAddress();
        String secret = stack.adminSecret();
        Set<String> pending = pending();
        List<Path> scenarios;
        try (Stream<Path> s = Files.list(dir.resolve("scenarios"))) {
            scenarios = s.filter(p -> p.toString().endsWith(".scn")).sorted().toList();
        }
        // warm the layers' JITs so that no first call nears a sleeping call's budget
        run(address, secret, scenarios.get(0));

        List<String> nowPassing = new ArrayList<>();
        List<String> stillPending = new ArrayList<>();
        for (Path scn : scenarios) {
            if (pending.contains(name(scn))) {
                (run(address, secret, scn).equals(expected(dir, name(scn))) ? nowPassing : stillPending).add(name(scn));
            }
        }
        System.out.println("compose-tests conformance: " + stillPending.size() + " pending scenario(s) not counted: " + stillPending);
        if (!nowPassing.isEmpty()) {
            System.out.println("compose-tests conformance: pending scenarios that now pass: " + nowPassing);
        }
        return scenarios.stream().filter(scn -> !pending.contains(name(scn))).map(scn -> DynamicTest.dynamicTest(name(scn),
                () -> assertEquals(expected(dir, name(scn)), run(address, secret, scn), name(scn) + " differs from Linux")));
    }

    private static String run(String address, String secret, Path scn) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            int rc = ScenarioCli.script(address, secret, scn, out);
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

    /** The same list the process-based e2e suite uses: one place to say what is not done yet. */
    private static Set<String> pending() throws IOException {
        Set<String> out = new TreeSet<>();
        Path file = Docker.home().resolve("e2e/src/test/resources/conformance-pending.txt");
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }
}
