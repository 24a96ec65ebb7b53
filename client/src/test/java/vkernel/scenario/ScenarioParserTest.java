package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vkernel.uapi.Capability;

class ScenarioParserTest {
    /** The conformance suite, when this checkout sits beside it. */
    private static final Path CONFORMANCE = Path.of(System.getProperty("vkernel.conformance",
            "/work/shared/conformance"));

    @Test
    void spawnDefaults() throws Exception {
        List<Statement> s = ScenarioParser.parseAll(List.of("spawn root", "spawn user uid=1000",
                "spawn raw uid=1000 caps=CAP_NET_RAW,CAP_NET_ADMIN", "spawn none caps=none",
                "spawn all uid=5 caps=all"));
        assertEquals(new Statement.Spawn(1, "spawn root", "root", 0, OptionalLong.empty()), s.get(0));
        assertEquals(OptionalLong.of(0), ((Statement.Spawn) s.get(1)).caps());
        assertEquals(1000, ((Statement.Spawn) s.get(1)).uid());
        assertEquals(OptionalLong.of(Capability.mask(Capability.CAP_NET_RAW, Capability.CAP_NET_ADMIN)),
                ((Statement.Spawn) s.get(2)).caps());
        assertEquals(OptionalLong.of(0), ((Statement.Spawn) s.get(3)).caps());
        assertEquals(OptionalLong.empty(), ((Statement.Spawn) s.get(4)).caps());
    }

    @Test
    void callsCarryLineTextAndTypedArguments() throws Exception {
        List<Statement> s = ScenarioParser.parseAll(List.of("# header", "spawn a", "",
                "a   sendto 3  \"hi  there\\n\" MSG_DONTWAIT 127.0.0.1:9   # to nobody", "a fcntl 3 F_GETFL",
                "a fcntl 3 F_DUPFD 10", "a setsockopt 3 SOL_SOCKET SO_LINGER 1,30",
                "a nlroute 3 add 10.1.0.0/16 dev 1"));
        Statement.Call c = assertInstanceOf(Statement.Call.class, s.get(1));
        assertEquals(4, c.line());
        assertEquals("a sendto 3 \"hi  there\\n\" MSG_DONTWAIT 127.0.0.1:9", c.text());
        assertEquals(CallSpec.SENDTO, c.spec());
        assertEquals(4, c.args().size());
        assertEquals(0x40, c.num(2));
        assertEquals(2, ((Statement.Call) s.get(2)).args().size());
        assertEquals(3, ((Statement.Call) s.get(3)).args().size());
        assertInstanceOf(Arg.LingerValue.class, ((Statement.Call) s.get(4)).args().get(3));
        Statement.Call nl = (Statement.Call) s.get(5);
        assertEquals(3, nl.fd());
        assertTrue(nl.route().add());
    }

    @ParameterizedTest
    @ValueSource(strings = {"b socket AF_INET SOCK_STREAM 0", "a", "a frobnicate 3", "a socket AF_INET SOCK_STREAM",
        "a socket AF_INET SOCK_STREAM 0 0", "a fcntl 3", "a fcntl 3 F_DUPFD 1 2", "spawn a", "spawn",
        "spawn spawn", "spawn b!", "spawn b uid=-1", "spawn b uid=4294967295", "spawn b caps=CAP_NOPE",
        "spawn b caps=CAP_LAST_CAP", "spawn b gid=3", "spawn xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "a recv 3 -1 0",
        "a nlroute 3 add", "a send 3 hello 0", "a bind 3 127.0.0.1"})
    void malformedStatementsNameTheirLine(String bad) {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> ScenarioParser.parseAll(List.of("spawn a", "", bad)));
        assertEquals(3, e.line());
    }

    @Test
    void aShellCanForgetAFailedSpawn() throws Exception {
        ScenarioParser p = new ScenarioParser();
        p.parseLine(1, "spawn a");
        p.forget("a");
        assertThrows(ScenarioException.class, () -> p.parseLine(2, "a close 3"));
        p.parseLine(3, "spawn a");
        assertNull(p.parseLine(4, "   "));
        assertInstanceOf(Statement.Call.class, p.parseLine(5, "a close 3"));
    }

    @Test
    void noMoreThanThirtyTwoProcesses() throws Exception {
        ScenarioParser p = new ScenarioParser();
        for (int i = 0; i < ScenarioParser.MAX_PROCS; i++) {
            p.parseLine(i + 1, "spawn p" + i);
        }
        assertThrows(ScenarioException.class, () -> p.parseLine(99, "spawn one_too_many"));
    }

    /** Every conformance scenario parses, and echoes each statement as the expected output shows it. */
    @ParameterizedTest
    @MethodSource("scenarios")
    void conformanceScenariosParseAndEchoAsExpected(Path scn) throws Exception {
        List<Statement> statements = ScenarioParser.parseAll(ScenarioCli.lines(Files.readAllBytes(scn)));
        Map<Integer, String> echo = new HashMap<>();
        statements.stream().filter(s -> s instanceof Statement.Call).forEach(s -> echo.put(s.line(), s.text()));
        Path out = CONFORMANCE.resolve("expected").resolve(scn.getFileName().toString().replace(".scn", ".out"));
        List<String> expected = Files.readAllLines(out, StandardCharsets.ISO_8859_1);
        assertEquals(echo.size(), expected.size(), "one result line per call");
        for (String line : expected) {
            int colon = line.indexOf(": ");
            String text = echo.get(Integer.parseInt(line.substring(0, colon)));
            assertTrue(line.startsWith(line.substring(0, colon) + ": " + text + " = "), line);
        }
    }

    static Stream<Path> scenarios() throws Exception {
        Path dir = CONFORMANCE.resolve("scenarios");
        assumeTrue(Files.isDirectory(dir), "no conformance suite at " + dir);
        return Files.list(dir).filter(p -> p.toString().endsWith(".scn")).sorted();
    }
}
