package vkernel.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vkernel.vfs.v1.FdInfo;

/** vk inspect PID FD: the file, inode, struct socket and sock behind one fd. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the file, inode, socket and sock behind a task's fd (exit 1 if there is no such fd).")
final class VkInspect extends ProcCommand {
    @Parameters(index = "0", paramLabel = "PID", description = "the task")
    int pid;

    @Parameters(index = "1", paramLabel = "FD", description = "one of its fds")
    int fd;

    @Override
    int show(Inspect k, boolean json, PrintStream out) {
        FdInfo f = k.fds(pid).getFdsList().stream().filter(i -> i.getFd() == fd).findFirst().orElse(null);
        if (f == null) {
            String msg = "vk inspect: task " + pid + " has no fd " + fd + " (EBADF)";
            (json ? vk.err : out).println(msg); // text keeps its old place, stdout; json keeps stdout JSON only
            return Vk.FAILED;
        }
        ProcFormat.inspect(f, f.getFsType().equals("sockfs") ? k.inspectSocket(f.getIno()) : null, json, out);
        return 0;
    }
}
