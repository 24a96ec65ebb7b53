package vkernel.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vkernel.errno.v1.Errno;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.In;
import vkernel.vfs.v1.TaskInfo;

/**
 * vk ss: TCP and UDP sockets as ss -tunap, or with --netlink the netlink sockets as ss -f
 * netlink -np, read over NETLINK_SOCK_DIAG as ss reads them.
 */
@Command(name = "ss", mixinStandardHelpOptions = true,
        description = "TCP and UDP sockets with their queues, ends and tasks, as ss -tunap (--netlink: ss -f netlink).")
final class VkSs extends ProcCommand {
    @Option(names = "--netns", paramLabel = "N", description = "only the tasks of network namespace N")
    Long netns;

    @Option(names = "--netlink", description = "the netlink sockets instead, as ss -f netlink")
    boolean netlink;

    @Override
    int show(Inspect k, boolean json, PrintStream out) {
        if (netlink) {
            Ss.print(viaNetlinkDiag(k), json, out); // netlink_diag is netlink-service's own: always there
            return 0;
        }
        List<Ss.Line> lines;
        try {
            lines = viaSockDiag(k);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ERRNO_ENOENT) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            lines = Ss.lines(Ss.sockets(k, netns)); // no AF_INET sock_diag handler: read each task's sockets
        }
        Ss.print(lines, json, out);
        return 0;
    }

    /**
     * One dump of TCP and one of UDP per namespace (the one asked for, or every namespace a
     * task is in), each made by a task of that namespace that exits afterwards.
     */
    private List<Ss.Line> viaSockDiag(Inspect k) {
        List<InetDiagDump.Sock> socks = new ArrayList<>();
        try (VKernel kernel = VKernel.connect(k.address(), k.secret())) {
            for (long ns : nets(k)) {
                try (Task t = kernel.spawn(SpawnOptions.named("ss").joinNetns(ns))) {
                    socks.addAll(InetDiagDump.dump(t, In.IPPROTO_TCP));
                    socks.addAll(InetDiagDump.dump(t, In.IPPROTO_UDP));
                }
            }
        }
        return Ss.diagLines(socks, Ss.users(k));
    }

    /** One NDIAG_PROTO_ALL dump per namespace, by a task of it (whose own dumping sock is listed too, as ss's is). */
    private List<Ss.Line> viaNetlinkDiag(Inspect k) {
        List<NetlinkDiagDump.Sock> socks = new ArrayList<>();
        try (VKernel kernel = VKernel.connect(k.address(), k.secret())) {
            for (long ns : nets(k)) {
                try (Task t = kernel.spawn(SpawnOptions.named("ss").joinNetns(ns))) {
                    socks.addAll(NetlinkDiagDump.dump(t));
                }
            }
        }
        return NetlinkDiagDump.lines(socks, Ss.users(k));
    }

    /** The namespace asked for, or every namespace a task is in. */
    private TreeSet<Long> nets(Inspect k) {
        TreeSet<Long> nets = new TreeSet<>();
        if (netns != null) {
            nets.add(netns);
        } else {
            for (TaskInfo t : k.tasks()) {
                nets.add(t.getNetns());
            }
        }
        return nets;
    }
}
