package vkernel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vkernel.run.PreloadServer;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Capability;

/**
 * vk run -- PROGRAM ARGS...: an unmodified program whose AF_INET and AF_NETLINK sockets are a
 * task's of vkernel. The program runs with LD_PRELOAD=libvkpreload.so (the preload module's
 * build), whose calls this process makes with the SDK (vkernel.run.PreloadServer, docs/run.md).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a program with its AF_INET and AF_NETLINK sockets on vkernel, as a task of its own.",
            "Files, pipes, AF_UNIX and other families stay the host's. Exits with the program's status",
            "(128+N when killed by signal N; 127 when it cannot be started); the task exits with it."})
final class VkRun implements Callable<Integer> {
    /** Exit status when the program cannot be started, as a shell gives it. */
    static final int NOT_STARTED = 127;

    @ParentCommand
    Vk vk;

    @Mixin
    KernelAddress kernel;

    @Option(names = "--uid", paramLabel = "N", description = "the task's uid and gid (default 0)")
    int uid;

    @Option(names = "--unshare-net", description = "a new network namespace for the task")
    boolean unshareNet;

    @Option(names = "--netns", paramLabel = "N", description = "join network namespace N (a task's netns, as vk ps shows it)")
    Long netns;

    @Option(names = "--caps", paramLabel = "LIST", description = "cap_effective: all, none or CAP_X,CAP_Y"
            + " (default: all for uid 0, none otherwise)")
    String caps;

    @Parameters(paramLabel = "PROGRAM", arity = "1..*", description = "the program and its arguments (after --)")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (unshareNet && netns != null) {
            vk.err.println("vk run: --unshare-net and --netns exclude each other");
            return Vk.USAGE;
        }
        OptionalLong capEffective = OptionalLong.empty();
        if (caps != null) {
            try {
                capEffective = OptionalLong.of(Capability.parseMask(caps));
            } catch (IllegalArgumentException e) {
                vk.err.println("vk run: --caps " + caps + ": " + e.getMessage());
                return Vk.USAGE;
            }
        }
        Path library = vk.home.resolve("preload/target/libvkpreload.so");
        if (!Files.isRegularFile(library)) {
            vk.err.println("vk run: no " + library + ": build it with ./mvnw -q package -DskipTests");
            return Vk.FAILED;
        }
        RunState state = RunState.load(vk.home);
        String address = kernel.resolve(vk, state);
        if (address == null) {
            return Vk.FAILED;
        }
        Path dir = Files.createTempDirectory("vk-run");
        try (VKernel k = VKernel.connect(address, state.adminSecret());
                Task task = k.spawn(options(Path.of(command.get(0)).getFileName().toString(), capEffective));
                PreloadServer server = PreloadServer.start(task, dir.resolve("sock"))) {
            return run(library, server, task);
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private SpawnOptions options(String comm, OptionalLong capEffective) {
        SpawnOptions o = SpawnOptions.named(comm).uid(uid).gid(uid).unshareNet(unshareNet);
        if (capEffective.isPresent()) {
            o = o.capabilities(capEffective.getAsLong());
        }
        return netns == null ? o : o.joinNetns(netns);
    }

    private int run(Path library, PreloadServer server, Task task) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        String preload = env.get("LD_PRELOAD");
        env.put("LD_PRELOAD", library + (preload == null || preload.isEmpty() ? "" : ":" + preload));
        env.put("VKERNEL_RUN_SOCK", server.socket().toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            vk.err.println("vk run: cannot run " + command.get(0) + ": " + e.getMessage());
            return NOT_STARTED;
        }
        // Ctrl-C reaches the program too (one process group); the task must still exit with it
        Thread exit = new Thread(() -> {
            p.destroy();
            task.exit(0);
        });
        Runtime.getRuntime().addShutdownHook(exit);
        int status = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(exit);
        } catch (IllegalStateException shuttingDown) {
            // the program ended because vk run was stopped: the hook is ending the task
        }
        return status;
    }
}
