package vkernel.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** vk ls PID: a task's fd table. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List a task's fds, as ls -l /proc/PID/fd (socket:[INODE]).")
final class VkLs extends ProcCommand {
    @Parameters(paramLabel = "PID", description = "the task")
    int pid;

    @Override
    int show(Inspect k, boolean json, PrintStream out) {
        ProcFormat.ls(k.fds(pid).getFdsList(), json, out);
        return 0;
    }
}
