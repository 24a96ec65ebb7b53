package vkernel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The vk command line as a user meets it: what each command accepts, its messages, its exit status. No kernel runs. */
class VkTest {
    static final List<String> COMMANDS = List.of("up", "down", "status", "script", "shell", "run", "ps", "ls", "inspect", "ss",
            "trace", "fuzz", "completion", "help");

    @TempDir
    Path home;

    private record Run(int code, String out, String err) {}

    private Run vk(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Vk.run(new Vk(home, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command object picocli filled in for these arguments, without running it. */
    @SuppressWarnings("unchecked")
    private <T> T parsed(String... args) {
        CommandLine cl = Vk.commandLine(new Vk(home, System.in, System.out, System.err, false));
        List<CommandLine> chain = cl.parseArgs(args).asCommandLineList();
        return (T) chain.get(chain.size() - 1).getCommand();
    }

    @Test
    void aloneItPrintsTheUsageAsAnError() {
        Run r = vk();
        assertEquals(2, r.code);
        assertTrue(r.err.startsWith("Usage: vk [-hV] [COMMAND]"), r.err);
        assertEquals("", r.out);
    }

    @Test
    void helpListsEveryCommandAndBench() {
        Run r = vk("help");
        assertEquals(0, r.code, r.err);
        for (String c : COMMANDS) {
            assertTrue(r.out.contains("\n  " + c + " "), c + " missing from\n" + r.out);
        }
        assertTrue(r.out.contains("bench [--full]"), r.out);
        assertEquals(r.out, vk("--help").out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "script", "shell", "run", "ps", "ls", "inspect", "ss", "trace", "fuzz",
        "completion"})
    void everyCommandHasItsHelp(String command) {
        Run asked = vk("help", command);
        assertEquals(0, asked.code, asked.err);
        assertTrue(asked.out.startsWith("Usage: vk " + command + " "), asked.out);
        Run flag = vk(command, "--help");
        assertEquals(0, flag.code, flag.err);
        assertEquals(asked.out, flag.out);
    }

    @Test
    void fuzzTakesSeedCallsAndTasksAndRefusesNoTasks() {
        VkFuzz f = parsed("fuzz", "--seed", "7", "--calls", "1000", "--tasks", "8");
        assertEquals(7, f.seed);
        assertEquals(1000, f.calls);
        assertEquals(8, f.tasks);
        VkFuzz d = parsed("fuzz");
        assertEquals(100_000, d.calls);
        assertEquals(64, d.tasks);
        Run none = vk("fuzz", "--tasks", "0");
        assertEquals(2, none.code, none.err);
        assertTrue(none.err.contains("--tasks >= 1"), none.err);
        Run bad = vk("fuzz", "--calls", "many");
        assertEquals(2, bad.code, bad.err);
    }

    @Test
    void versionNamesVk() {
        Run r = vk("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("vk "), r.out);
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        Run r = vk("pss");
        assertEquals(2, r.code);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("vk: unknown command 'pss'\n"), r.err);
        assertTrue(r.err.contains("Did you mean: vk ss?"), r.err);
        assertTrue(r.err.endsWith("Try 'vk --help' for more information.\n"), r.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "script a.scn", "shell", "ps", "ls 1", "inspect 1 3", "ss", "trace",
        "completion"})
    void anUnknownOptionIsAUsageErrorOfItsCommand(String line) {
        String command = line.split(" ")[0];
        Run r = vk((line + " --bogus").split(" "));
        assertEquals(2, r.code, r.err);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("vk " + command + ": Unknown option: '--bogus'"), r.err);
        assertTrue(r.err.endsWith("Try 'vk " + command + " --help' for more information.\n"), r.err);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "ls|Missing required parameter: 'PID'",
        "inspect 1|Missing required parameter: 'FD'",
        "script|Missing required parameter: 'FILE.scn'",
        "ls x|'x' is not an int",
        "ls 1 2|Unmatched argument at index 2: '2'",
        "ps -o yaml|expected one of [text, json]",
        "ss --netns|Missing required parameter for option '--netns'",
        "trace --max many|'many' is not an int",
        "up --base-port x|'x' is not an int",
        "down now|Unmatched argument"})
    void badArgumentsAreUsageErrors(String args, String message) {
        Run r = vk(args.split(" "));
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains(message), r.err);
        assertTrue(r.err.contains("--help' for more information."), r.err);
    }

    @Test
    void traceTakesEveryFilter() {
        VkTrace t = parsed("trace", "--from-beginning", "--json", "--stable", "--pid", "5", "--call", "socket", "--layer", "inet",
                "--errno", "EINVAL", "--max", "3", "--seconds", "9", "--kafka", "localhost:7092");
        assertTrue(t.fromBeginning && t.json && t.stable);
        assertEquals(5, t.pid);
        assertEquals("socket", t.call);
        assertEquals("inet", t.layer);
        assertEquals("EINVAL", t.errno);
        assertEquals(3, t.max);
        assertEquals(9L, t.seconds);
        assertEquals("localhost:7092", t.kafka);
        VkTrace none = parsed("trace");
        assertFalse(none.fromBeginning || none.json || none.stable);
        assertNull(none.pid);
        assertEquals(0, none.max);
        assertNull(none.seconds);
    }

    @Test
    void procCommandsTakeKernelAndOutputAnywhere() {
        VkLs ls = parsed("ls", "--kernel", "localhost:7001", "42", "-o", "json");
        assertEquals(42, ls.pid);
        assertEquals("localhost:7001", ls.kernel.address);
        assertTrue(ls.output.json());
        VkInspect i = parsed("inspect", "7", "--output=json", "3");
        assertEquals(7, i.pid);
        assertEquals(3, i.fd);
        assertTrue(i.output.json());
        VkSs ss = parsed("ss", "--netns", "4026531840");
        assertEquals(4026531840L, ss.netns);
        assertFalse(ss.output.json());
        VkPs ps = parsed("ps");
        assertNull(ps.kernel.address);
        assertFalse(ps.output.json());
    }

    @Test
    void upScriptAndShellOptions() {
        VkUp up = parsed("up", "--detach", "--base-port", "17000");
        assertTrue(up.detach);
        assertEquals(17000, up.basePort);
        VkUp plain = parsed("up");
        assertFalse(plain.detach);
        assertEquals(7000, plain.basePort);
        VkScript s = parsed("script", "a.scn", "--kernel", "h:1");
        assertEquals(Path.of("a.scn"), s.file);
        assertEquals("h:1", s.kernel.address);
        VkShell sh = parsed("shell", "--kernel", "h:2");
        assertEquals("h:2", sh.kernel.address);
    }

    @Test
    void runTakesItsOptionsThenTheProgramsUntouched() {
        VkRun r = parsed("run", "--uid", "1000", "--netns", "5", "--", "python3", "-c", "print(1)");
        assertEquals(1000, r.uid);
        assertEquals(5L, r.netns);
        assertEquals(List.of("python3", "-c", "print(1)"), r.command);
        VkRun bare = parsed("run", "--unshare-net", "nc", "-l", "8000");
        assertTrue(bare.unshareNet);
        assertEquals(List.of("nc", "-l", "8000"), bare.command, "the program's options are its own, even without --");
    }

    @Test
    void runWithAnUnknownCapabilityIsAUsageError() {
        VkRun withCaps = parsed("run", "--caps", "CAP_NET_RAW,CAP_NET_ADMIN", "--", "true");
        assertEquals("CAP_NET_RAW,CAP_NET_ADMIN", withCaps.caps);
        Run r = vk("run", "--caps", "CAP_NET_RAW,CAP_BOGUS", "--", "true");
        assertEquals(Vk.USAGE, r.code);
        assertTrue(r.err.contains("unknown capability 'CAP_BOGUS'"), r.err);
    }

    @Test
    void runWithUnshareNetAndNetnsIsAUsageError() {
        Run r = vk("run", "--unshare-net", "--netns", "5", "--", "true");
        assertEquals(Vk.USAGE, r.code);
        assertTrue(r.err.contains("exclude each other"), r.err);
    }

    @Test
    void aKernelThatDoesNotAnswerIsStatusOne() throws Exception {
        Path secret = Files.writeString(home.resolve("secret"), "s3cret\n");
        Path run = Files.createDirectories(home.resolve(".vk/run"));
        Files.writeString(run.resolve("kernel.properties"), "secret.file=" + secret + "\n");
        Run r = vk("ps", "--kernel", "localhost:1");
        assertEquals(1, r.code, r.err);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("vk ps: cannot talk to the kernel: UNAVAILABLE"), r.err);
    }

    @Test
    void withNoKernelStatusAndDownSaySo() {
        Run status = vk("status");
        assertEquals(1, status.code);
        assertEquals("vk: no kernel is running\n", status.out);
        Run down = vk("down");
        assertEquals(0, down.code);
        assertEquals("vk: no kernel is running\n", down.out);
    }

    @Test
    void completionPrintsABashScriptForEveryCommand() {
        Run r = vk("completion");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("complete -F _complete_vk"), r.out);
        for (String c : COMMANDS) {
            assertTrue(r.out.contains(c), c);
        }
        assertTrue(r.out.contains("--from-beginning") && r.out.contains("--output") && r.out.contains("--base-port"));
    }
}
