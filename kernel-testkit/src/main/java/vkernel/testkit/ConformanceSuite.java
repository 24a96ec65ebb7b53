package vkernel.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of conformance scenarios and what Linux printed for them, laid out as
 * shared/conformance is and as its check.sh reads it: {@code DIR/scenarios/NAME.scn} (or
 * {@code DIR/NAME.scn} when there is no scenarios/), each with {@code DIR/expected/NAME.out}
 * recorded by the oracle (shared/conformance/FORMAT.md).
 */
public record ConformanceSuite(Path dir) {
    public ConformanceSuite {
        dir = dir.toAbsolutePath().normalize();
    }

    public static ConformanceSuite at(Path dir) {
        return new ConformanceSuite(dir);
    }

    /** One scenario file and where its expected output is (which may be missing: then it fails). */
    public record Scenario(String name, Path file, Path expectedFile) {
        /** What Linux printed, as bytes. */
        public byte[] expected() throws IOException {
            try {
                return Files.readAllBytes(expectedFile);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(expectedFile.toString(), null, "no expected output for scenario " + name);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every scenario, sorted by name; an error when there is none, so that a suite cannot pass by vanishing. */
    public List<Scenario> scenarios() throws IOException {
        Path scenarioDir = Files.isDirectory(dir.resolve("scenarios")) ? dir.resolve("scenarios") : dir;
        if (!Files.isDirectory(scenarioDir)) {
            throw new NoSuchFileException(dir.toString(), null, "no conformance suite");
        }
        List<Scenario> found;
        try (Stream<Path> files = Files.list(scenarioDir)) {
            found = files.filter(p -> p.getFileName().toString().endsWith(".scn") && Files.isRegularFile(p))
                    .map(this::scenario)
                    .sorted(Comparator.comparing(Scenario::name))
                    .toList();
        }
        if (found.isEmpty()) {
            throw new NoSuchFileException(scenarioDir.toString(), null, "no .scn files in the conformance suite");
        }
        return found;
    }

    private Scenario scenario(Path file) {
        String f = file.getFileName().toString();
        String name = f.substring(0, f.length() - ".scn".length());
        return new Scenario(name, file, dir.resolve("expected").resolve(name + ".out"));
    }
}
