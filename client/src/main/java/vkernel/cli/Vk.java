package vkernel.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;

/**
 * The vk command line. `vk up` runs a whole kernel on this machine; `vk script` and
 * `vk shell` speak the scenario language of the conformance suite to a running kernel.
 */
public final class Vk {
    private static final String USAGE = """
            usage: vk COMMAND [ARGS]
              up [--detach] [--base-port N]   start Kafka and the four layers; Ctrl-C stops them
              down                             stop the kernel that `vk up --detach` started
              status                           show the running kernel's endpoints and processes
              script FILE.scn                  run a conformance scenario, print its result lines
              shell                            read scenario statements from the terminal
              ps                               list the kernel's tasks
              ls PID                           list a task's fds, as ls -l /proc/PID/fd
              inspect PID FD                   the file, inode, socket and sock behind a task's fd
              ss [--netns N]                   TCP and UDP sockets with their queues, ends and tasks, as ss -tunap
              trace [--from-beginning] [--json] [--pid N] [--call NAME] [--layer L] [--errno E]
                    [--max N] [--seconds S] [--stable] [--kafka HOST:PORT]
                                               print every syscall as its call tree through the layers, live;
                                               --stable leaves out times and ids (for diffs and golden files)
              bench [--full] [--parts 1,2,..] [--kernel HOST:PORT --secret-file F] ...
                                               measure each syscall against the floor of its gRPC hops and
                                               against Linux; writes bench/results and BENCHMARKS.md (vk bench --help)
            options for script and shell: --kernel HOST:PORT (else $VKERNEL_ADDRESS, else the kernel vk up started)
            """;

    private Vk() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        List<String> args = new ArrayList<>(List.of(argv));
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String cmd = args.remove(0);
        Path home = Path.of(System.getProperty("vkernel.home", ".")).toAbsolutePath().normalize();
        Path runDir = home.resolve(".vk/run");
        switch (cmd) {
            case "up" -> {
                return up(home, runDir, args, out, err);
            }
            case "down" -> {
                return down(runDir, out);
            }
            case "status" -> {
                return status(runDir, out);
            }
            case "ps", "ls", "inspect", "ss" -> {
                return inspect(cmd, runDir, args, out, err);
            }
            case "trace" -> {
                return trace(runDir, args, out, err);
            }
            case "script", "shell" -> {
                String address = option(args, "--kernel");
                Properties state = state(runDir);
                if (address == null) {
                    address = System.getenv("VKERNEL_ADDRESS");
                }
                if (address == null && state != null) {
                    address = state.getProperty("address");
                }
                if (address == null) {
                    err.println("vk: no kernel: start one with `./vk up --detach`, or pass --kernel HOST:PORT");
                    return 1;
                }
                String secret = adminSecret(state);
                if (cmd.equals("script")) {
                    if (args.size() != 1) {
                        err.print(USAGE);
                        return 2;
                    }
                    return vkernel.scenario.ScenarioCli.script(address, secret, Path.of(args.get(0)), out);
                }
                return vkernel.scenario.ScenarioCli.shell(address, secret, System.in, out);
            }
            default -> {
                err.println("vk: unknown command " + cmd);
                err.print(USAGE);
                return 2;
            }
        }
    }

    private static int inspect(String cmd, Path runDir, List<String> args, PrintStream out, PrintStream err) throws IOException {
        String address = option(args, "--kernel");
        Properties state = state(runDir);
        if (address == null) {
            address = System.getenv("VKERNEL_ADDRESS");
        }
        if (address == null && state != null) {
            address = state.getProperty("address");
        }
        String secret = adminSecret(state);
        if (address == null || secret == null) {
            err.println("vk " + cmd + ": no kernel (or no admin credential): start one with `./vk up --detach`");
            return 1;
        }
        try (Inspect i = new Inspect(address, secret)) {
            return switch (cmd) {
                case "ps" -> i.ps(out);
                case "ss" -> {
                    String netns = option(args, "--netns");
                    yield args.isEmpty() ? Ss.print(i, netns == null ? null : Long.parseLong(netns), out) : usage(err);
                }
                case "ls" -> args.size() == 1 ? i.ls(Integer.parseInt(args.get(0)), out) : usage(err);
                default -> args.size() == 2 ? i.inspect(Integer.parseInt(args.get(0)), Integer.parseInt(args.get(1)), out) : usage(err);
            };
        } catch (IllegalArgumentException e) {
            err.println("vk " + cmd + ": " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.print(USAGE);
        return 2;
    }

    private static int trace(Path runDir, List<String> args, PrintStream out, PrintStream err) {
        boolean fromBeginning = args.remove("--from-beginning");
        boolean json = args.remove("--json");
        boolean stable = args.remove("--stable");
        String pid = option(args, "--pid");
        String kafka = option(args, "--kafka");
        String max = option(args, "--max");
        String seconds = option(args, "--seconds");
        vkernel.trace.TraceCommand.Filter filter = new vkernel.trace.TraceCommand.Filter(
                pid == null ? null : Integer.valueOf(pid), option(args, "--call"), option(args, "--layer"), option(args, "--errno"));
        if (!args.isEmpty()) {
            err.println("vk trace: unknown arguments " + args);
            return 2;
        }
        if (kafka == null) {
            kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        }
        Properties state = state(runDir);
        if (kafka == null && state != null) {
            kafka = state.getProperty("kafka");
        }
        if (kafka == null) {
            err.println("vk trace: no kernel: start one with `./vk up --detach`, or pass --kafka HOST:PORT");
            return 1;
        }
        return vkernel.trace.TraceCommand.run(new vkernel.trace.TraceCommand.Options(kafka, fromBeginning, json, stable, filter,
                max == null ? 0 : Integer.parseInt(max), seconds == null ? null : java.time.Duration.ofSeconds(Long.parseLong(seconds))), out);
    }

    private static int up(Path home, Path runDir, List<String> args, PrintStream out, PrintStream err) throws Exception {
        boolean detach = args.remove("--detach");
        String base = option(args, "--base-port");
        Properties running = state(runDir);
        if (running != null && alive(running)) {
            err.println("vk: a kernel is already running (" + running.getProperty("address") + "); `./vk down` stops it");
            return 1;
        }
        Kernel kernel = new Kernel(home, runDir, base == null ? 7000 : Integer.parseInt(base), Map.of());
        if (!detach) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                out.println("vk: stopping the kernel");
                try {
                    kernel.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        out.println("vk: starting Kafka and the four layers (logs in " + runDir.resolve("logs") + ")");
        try {
            kernel.start();
        } catch (IOException e) {
            err.println("vk: " + e.getMessage());
            kernel.close();
            return 1;
        }
        printEndpoints(kernel, out);
        if (detach) {
            out.println("vk: running in the background; `./vk down` stops it");
            return 0;
        }
        out.println("vk: running; Ctrl-C stops it");
        Thread.currentThread().join();
        return 0;
    }

    private static void printEndpoints(Kernel k, PrintStream out) {
        int b = k.basePort();
        out.printf("  kernel (vfs-service, the address clients use)  localhost:%d%n", Layer.VFS.port(b));
        out.printf("  socket-service  gRPC localhost:%d  health http://localhost:%d/q/health%n", Layer.SOCKET.port(b), Layer.SOCKET.httpPort(b));
        out.printf("  inet-service    gRPC localhost:%d  health http://localhost:%d/q/health%n", Layer.INET.port(b), Layer.INET.httpPort(b));
        out.printf("  netlink-service gRPC localhost:%d  health http://localhost:%d/q/health%n", Layer.NETLINK.port(b), Layer.NETLINK.httpPort(b));
        out.printf("  vfs-service     gRPC localhost:%d  health http://localhost:%d/q/health%n", Layer.VFS.port(b), Layer.VFS.httpPort(b));
        out.printf("  kafka           %s  (topics vkernel.<layer>.events)%n", k.kafkaBootstrap());
        out.printf("  admin credential %s%n", k.secretFile());
    }

    private static int down(Path runDir, PrintStream out) throws InterruptedException {
        Properties p = state(runDir);
        if (p == null) {
            out.println("vk: no kernel is running");
            return 0;
        }
        List<ProcessHandle> handles = new ArrayList<>();
        for (Layer l : List.of(Layer.NETLINK, Layer.INET, Layer.SOCKET, Layer.VFS, Layer.KAFKA)) {
            String pid = p.getProperty("pid." + l.label());
            if (pid != null) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                    h.destroy();
                    handles.add(h);
                });
            }
            if (l == Layer.VFS) {
                waitAll(handles); // the broker goes last, once no layer publishes
            }
        }
        waitAll(handles);
        try {
            Files.deleteIfExists(runDir.resolve("kernel.properties"));
        } catch (IOException e) {
            // already gone
        }
        out.println("vk: kernel stopped");
        return 0;
    }

    private static void waitAll(List<ProcessHandle> handles) throws InterruptedException {
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static int status(Path runDir, PrintStream out) {
        Properties p = state(runDir);
        if (p == null || !alive(p)) {
            out.println("vk: no kernel is running");
            return 1;
        }
        out.println("kernel " + p.getProperty("address") + "  kafka " + p.getProperty("kafka"));
        for (Layer l : Layer.values()) {
            String pid = p.getProperty("pid." + l.label());
            boolean up = pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
            out.printf("  %-16s pid %-8s %s%n", l.module(), pid, up ? "running" : "gone");
        }
        return 0;
    }

    private static boolean alive(Properties p) {
        String pid = p.getProperty("pid.vfs");
        return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Properties state(Path runDir) {
        Path f = runDir.resolve("kernel.properties");
        if (!Files.exists(f)) {
            return null;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            return null;
        }
        return p;
    }

    private static String adminSecret(Properties state) throws IOException {
        String file = System.getenv("VKERNEL_SECRET_FILE");
        if (file == null && state != null) {
            file = state.getProperty("secret.file");
        }
        return file == null ? null : Files.readString(Path.of(file)).trim();
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            return null;
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }
}
