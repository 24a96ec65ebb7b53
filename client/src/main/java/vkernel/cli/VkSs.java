package vkernel.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** vk ss: TCP and UDP sockets as ss -tunap. */
@Command(name = "ss", mixinStandardHelpOptions = true,
        description = "TCP and UDP sockets with their queues, ends and tasks, as ss -tunap.")
final class VkSs extends ProcCommand {
    @Option(names = "--netns", paramLabel = "N", description = "only the tasks of network namespace N")
    Long netns;

    @Override
    int show(Inspect k, boolean json, PrintStream out) {
        Ss.print(Ss.lines(Ss.sockets(k, netns)), json, out);
        return 0;
    }
}
