package vkernel.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/** vk ps: the kernel's tasks. */
@Command(name = "ps", mixinStandardHelpOptions = true,
        description = "List the kernel's tasks: pid, uid, gid, netns, fd count, effective capabilities, comm.")
final class VkPs extends ProcCommand {
    @Override
    int show(Inspect k, boolean json, PrintStream out) {
        ProcFormat.ps(k.tasks(), json, out);
        return 0;
    }
}
