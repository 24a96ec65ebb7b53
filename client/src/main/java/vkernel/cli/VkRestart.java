package vkernel.cli;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;

/** vk restart [--kill] LAYER: one layer of the kernel vk up started, stopped and started again. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = {"Stop one layer of the kernel `vk up` started and start it again; returns once it is ready.",
            "The layer restores its tables from its state topic before it serves: tasks, fds, sockets and",
            "connections carry on, and clients see a pause."})
final class VkRestart implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Option(names = "--kill", description = "SIGKILL, as a crash would (default: SIGTERM, a graceful stop that flushes its state)")
    boolean kill;

    @Parameters(paramLabel = "LAYER", description = "vfs, socket, inet, netlink or kafka")
    String layer;

    @Override
    public Integer call() throws InterruptedException {
        Layer l;
        try {
            l = Layer.valueOf(layer.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            vk.err.println("vk restart: no layer '" + layer + "' (vfs, socket, inet, netlink or kafka)");
            return Vk.USAGE;
        }
        RunState state = RunState.load(vk.home);
        Properties p = state.properties();
        if (p == null || !state.alive()) {
            vk.err.println("vk restart: no kernel is running; `./vk up` starts one");
            return Vk.FAILED;
        }
        Kernel kernel = new Kernel(vk.home, state.runDir(), Integer.parseInt(p.getProperty("base.port")),
                p.getProperty("bind", Kernel.LOOPBACK), Map.of());
        long start = System.nanoTime();
        try {
            kernel.restartRecorded(l, kill);
        } catch (IOException e) {
            vk.err.println("vk restart: " + e.getMessage());
            return Vk.FAILED;
        }
        vk.out.printf("vk: %s %s and ready again in %.1f s (log %s)%n", l.module(), kill ? "killed" : "stopped",
                (System.nanoTime() - start) / 1e9, state.runDir().resolve("logs").resolve(l.label() + ".log"));
        return 0;
    }

}
