package vkernel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import vkernel.launcher.Layer;

/** vk down: stops the kernel `vk up --detach` left running, the layers first and the broker last. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the kernel that `vk up --detach` started.")
final class VkDown implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Override
    public Integer call() throws InterruptedException {
        RunState state = RunState.load(vk.home);
        Properties p = state.properties();
        if (p == null) {
            vk.out.println("vk: no kernel is running");
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
            Files.deleteIfExists(state.runDir().resolve("kernel.properties"));
        } catch (IOException e) {
            // already gone
        }
        vk.out.println("vk: kernel stopped");
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
}
