package vkernel.scenario;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.VKernel;

/**
 * The scenario language against a live kernel: {@code vk script FILE.scn} and
 * {@code vk shell}. Output is byte for byte what the conformance oracle prints
 * (shared/conformance/FORMAT.md). Scenario text is read as ISO-8859-1 so that every
 * byte of a data string reaches the kernel unchanged, and echoed the same way.
 */
public final class ScenarioCli {
    /** Exit status: the scenario ran (whatever its results). */
    public static final int OK = 0;
    /** Exit status: the kernel could not be reached, or failed the run (a spawn, a transport error). */
    public static final int KERNEL_FAILED = 1;
    /** Exit status: the scenario is malformed or unreadable; nothing ran. */
    public static final int MALFORMED = 2;

    private ScenarioCli() {}

    /**
     * Runs a whole scenario file: parses all of it first (a malformed file prints nothing
     * on {@code out}), then runs it, then makes every spawned task exit.
     */
    public static int script(String kernelAddress, String adminSecret, Path file, PrintStream out) {
        List<String> lines;
        try {
            lines = lines(Files.readAllBytes(file));
        } catch (IOException e) {
            System.err.println("vk: cannot read " + file + ": " + e);
            return MALFORMED;
        }
        List<Statement> statements;
        try {
            statements = ScenarioParser.parseAll(lines);
        } catch (ScenarioException e) {
            System.err.println("vk: " + file + ":" + e.line() + ": " + e.getMessage());
            return MALFORMED;
        }
        VKernel kernel = connect(kernelAddress, adminSecret);
        if (kernel == null) {
            return KERNEL_FAILED;
        }
        try (kernel) {
            return run(kernel, statements, out, file.toString());
        }
    }

    /**
     * Reads statements line by line (numbered by input line) and prints each result as
     * it runs. A malformed line or a failed spawn is reported on stderr and skipped.
     * With {@code history} null the lines are read plainly from {@code in} (piped input);
     * otherwise from the terminal, with JLine's line editing, tab completion, and the
     * history kept in that file.
     */
    public static int shell(String kernelAddress, String adminSecret, InputStream in, PrintStream out, Path history) {
        VKernel kernel = connect(kernelAddress, adminSecret);
        if (kernel == null) {
            return KERNEL_FAILED;
        }
        try (kernel) {
            ScenarioParser parser = new ScenarioParser();
            ShellInput lines = null;
            if (history != null) {
                try {
                    lines = TerminalInput.open(parser, history);
                } catch (IOException | RuntimeException e) {
                    System.err.println("vk: no line editor (" + e.getMessage() + "); reading lines plainly");
                }
            }
            return shell(kernel, parser, lines == null ? plain(in) : lines, out);
        }
    }

    /** The shell on a connected kernel, reading {@code in} plainly; every spawned task exits at end of input. */
    static int shell(VKernel kernel, InputStream in, PrintStream out) {
        return shell(kernel, new ScenarioParser(), plain(in), out);
    }

    /** The shell on a connected kernel, reading lines from {@code input}; every spawned task exits at end of input. */
    static int shell(VKernel kernel, ScenarioParser parser, ShellInput input, PrintStream out) {
        try (input; ScenarioExecutor ex = new ScenarioExecutor(kernel, out)) {
            String line;
            for (int n = 1; (line = input.readLine()) != null; n++) {
                Statement s;
                try {
                    s = parser.parseLine(n, line);
                } catch (ScenarioException e) {
                    System.err.println("vk: line " + n + ": " + e.getMessage());
                    continue;
                }
                if (s == null) {
                    continue;
                }
                try {
                    ex.run(s);
                } catch (ErrnoException | KernelTransportException e) {
                    System.err.println("vk: line " + n + ": " + e.getMessage());
                    if (s instanceof Statement.Spawn sp) {
                        parser.forget(sp.name());
                    }
                }
            }
            return OK;
        } catch (IOException e) {
            System.err.println("vk: reading statements: " + e.getMessage());
            return KERNEL_FAILED;
        } catch (RuntimeException e) {
            System.err.println("vk: " + e.getMessage()); // an exit at the end failed
            return KERNEL_FAILED;
        }
    }

    /** Piped input: lines split on '\n' only, each byte one character, as today and as getline(3). */
    static ShellInput plain(InputStream in) {
        InputStream input = new BufferedInputStream(in);
        return () -> readLine(input);
    }

    /** Runs parsed statements on a connected kernel; every spawned task exits at the end. */
    static int run(VKernel kernel, List<Statement> statements, PrintStream out, String name) {
        Statement current = null;
        try (ScenarioExecutor ex = new ScenarioExecutor(kernel, out)) {
            for (Statement s : statements) {
                current = s;
                ex.run(s);
            }
            current = null;
        } catch (ErrnoException | KernelTransportException e) {
            out.flush();
            String where = current == null ? "" : ":" + current.line();
            System.err.println("vk: " + name + where + ": " + e.getMessage());
            return KERNEL_FAILED;
        }
        return OK;
    }

    private static VKernel connect(String address, String adminSecret) {
        try {
            return VKernel.connect(address, adminSecret);
        } catch (KernelTransportException e) {
            System.err.println("vk: cannot reach the kernel at " + address + ": " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            System.err.println("vk: cannot use the kernel at " + address + ": " + e.getMessage());
            return null;
        }
    }

    /** Lines split on '\n' only, as getline(3) splits them; each byte one character. */
    static List<String> lines(byte[] bytes) {
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        return Arrays.asList(all.split("\n", -1));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.write(c);
        }
        if (c == -1 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
