package vkernel.cli;

import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import vkernel.sdk.KernelTransportException;

/**
 * The vk command line. `vk up` runs a whole kernel on this machine; `vk script` and
 * `vk shell` speak the scenario language of the conformance suite to a running kernel;
 * `vk run` runs an unmodified program with its sockets on it;
 * ps, ls, inspect, ss and trace show what it does. Parsed by picocli, one class per
 * command (VkUp, VkPs, ...). Exit status: 0 ok, 1 the kernel could not be reached or
 * failed, 2 a usage error (message and a hint on stderr). `vk bench` is run by the
 * ./vk script itself, not by this class.
 */
@Command(name = "vk", mixinStandardHelpOptions = true, versionProvider = Vk.Version.class,
        description = "Run and talk to a vkernel on this machine.",
        subcommands = {VkUp.class, VkDown.class, VkRestart.class, VkStatus.class, VkScript.class, VkShell.class, VkRun.class, VkPs.class, VkLs.class,
            VkInspect.class, VkSs.class, VkTrace.class, VkFuzz.class, VkCompletion.class, HelpCommand.class},
        footer = {"",
            "Run by the ./vk script itself:",
            "  bench [--full] [--parts 1,2,..] [--kernel HOST:PORT --secret-file F] ...",
            "              measure each syscall against the floor of its gRPC hops and",
            "              against Linux; writes bench/results and BENCHMARKS.md",
            "              (./vk bench --help)",
            "",
            "`vk help COMMAND` or `vk COMMAND --help` describes a command.",
            "Exit status: 0 ok, 1 the kernel could not be reached or failed, 2 a usage error."})
public final class Vk implements Callable<Integer> {
    /** Exit status of a usage error: an unknown command or option, a missing or malformed argument. */
    static final int USAGE = 2;
    /** Exit status when the kernel could not be reached or a call to it failed. */
    static final int FAILED = 1;

    final Path home;
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    /** Whether vk shell reads a terminal (line editing, history, completion) rather than piped lines. */
    final boolean terminal;

    @Spec
    CommandSpec spec;

    Vk(Path home, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this.home = home;
        this.in = in;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("vkernel.home", ".")).toAbsolutePath().normalize();
        System.exit(run(new Vk(home, System.in, System.out, System.err, System.console() != null), args));
    }

    /** Runs one command line; the exit status. */
    static int run(Vk vk, String... args) {
        CommandLine cl = commandLine(vk);
        int rc = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        return rc;
    }

    /** The parser for {@code vk}, printing to its streams, with vk's messages and exit codes. */
    static CommandLine commandLine(Vk vk) {
        CommandLine cl = new CommandLine(vk);
        cl.setOut(new PrintWriter(vk.out, true));
        cl.setErr(new PrintWriter(vk.err, true));
        cl.setParameterExceptionHandler(Vk::usageError);
        // vk run PROGRAM -x: the program's options are its own, not vk's
        cl.getSubcommands().get("run").getCommandSpec().parser().stopAtPositional(true);
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + describe(e));
            return FAILED;
        });
        return cl;
    }

    /** `vk` alone: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** An unknown command or option, a missing or bad argument: one line, suggestions, and where to read more. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        PrintWriter err = c.getErr();
        String name = c.getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException u && c.getParent() == null && !u.isUnknownOption()
                && !u.getUnmatched().isEmpty()) {
            err.println(name + ": unknown command '" + u.getUnmatched().get(0) + "'");
        } else {
            err.println(name + ": " + e.getMessage());
        }
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + name + " --help' for more information.");
        return USAGE;
    }

    private static String describe(Exception e) {
        if (e instanceof StatusRuntimeException || e instanceof KernelTransportException) {
            return "cannot talk to the kernel: " + e.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** --version: the jar's Implementation-Version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Vk.class.getPackage().getImplementationVersion();
            return new String[] {"vk " + (v == null ? "(development build)" : v)};
        }
    }
}
