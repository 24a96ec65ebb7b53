package vkernel.cli;

import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import vkernel.launcher.Layer;

/** vk status: the endpoints and processes of the kernel vk up started; exit 1 if none runs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running kernel's endpoints and processes (exit 1 if none runs).")
final class VkStatus implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Override
    public Integer call() {
        RunState state = RunState.load(vk.home);
        Properties p = state.properties();
        if (!state.alive()) {
            vk.out.println("vk: no kernel is running");
            return Vk.FAILED;
        }
        vk.out.println("kernel " + p.getProperty("address") + "  kafka " + p.getProperty("kafka"));
        for (Layer l : Layer.values()) {
            String pid = p.getProperty("pid." + l.label());
            vk.out.printf("  %-16s pid %-8s %s%n", l.module(), pid, RunState.alive(pid) ? "running" : "gone");
        }
        return 0;
    }
}
