package vkernel.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceSuiteTest {
    @TempDir
    Path dir;

    @Test
    void findsScenariosUnderScenariosSortedWithTheirExpectedOutput() throws IOException {
        write("scenarios/b.scn", "a spawn\n");
        write("scenarios/a.scn", "a spawn\n");
        write("scenarios/notes.txt", "");
        write("expected/a.out", "1: x\n");
        var scenarios = ConformanceSuite.at(dir).scenarios();
        assertEquals("[a, b]", scenarios.toString());
        assertArrayEquals("1: x\n".getBytes(StandardCharsets.US_ASCII), scenarios.get(0).expected());
        assertThrows(NoSuchFileException.class, scenarios.get(1)::expected, "b has no expected output");
    }

    @Test
    void scenariosAtTheTopWhenThereIsNoScenariosDirectory() throws IOException {
        write("only.scn", "a spawn\n");
        assertEquals(dir.resolve("only.scn"), ConformanceSuite.at(dir).scenarios().get(0).file());
        assertEquals(dir.resolve("expected/only.out"), ConformanceSuite.at(dir).scenarios().get(0).expectedFile());
    }

    @Test
    void aSuiteWithoutScenariosIsAnError() {
        assertThrows(NoSuchFileException.class, () -> ConformanceSuite.at(dir).scenarios());
        assertThrows(NoSuchFileException.class, () -> ConformanceSuite.at(dir.resolve("absent")).scenarios());
    }

    @Test
    void pendingListSkipsCommentsAndBlankLines() throws IOException {
        write("pending.txt", "# not yet\n\n  netlink-x  \nudp-y\n");
        assertEquals(Set.of("netlink-x", "udp-y"), ConformanceRunner.pendingListedIn(dir.resolve("pending.txt")));
        assertEquals(Set.of(), ConformanceRunner.pendingListedIn(dir.resolve("absent.txt")));
    }

    private void write(String path, String text) throws IOException {
        Path f = dir.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
