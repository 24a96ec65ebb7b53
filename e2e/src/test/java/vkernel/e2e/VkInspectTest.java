package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Netlink.NETLINK_ROUTE;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.AF_NETLINK;
import static vkernel.uapi.Socket.SOCK_DGRAM;
import static vkernel.uapi.Socket.SOCK_RAW;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * `./vk ls` and `./vk inspect` as a user runs them against a live kernel: the fd table
 * from vfs-service, struct socket from socket-service, and the sock's fields from the
 * family service that holds it.
 */
class VkInspectTest {
    @Test
    void inspectShowsTheListeningTcpSockFromInetService() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("inspected").newNetnsWithLoopback())) {
            int fd = t.socket(AF_INET, SOCK_STREAM, 0);
            t.bind(fd, SockAddr.inet("127.0.0.1", 5151));
            t.listen(fd, 4);

            String out = VkCommand.vk(k, "inspect", Integer.toString(t.pid()), Integer.toString(fd));
            assertTrue(out.contains("socket  state=SS_UNCONNECTED type=SOCK_STREAM family=AF_INET ops=inet_stream_ops"), out);
            assertTrue(out.contains("sock    prot=TCP held by "), out);
            assertTrue(out.matches("(?s).*sock +sk_state +TCP_LISTEN\n.*"), out);
            assertTrue(out.matches("(?s).*inet_sock +inet_num +5151\n.*"), out);
            // the defaults sock_init_data and tcp_init_sock set (tcp_rmem[1], tcp_wmem[1])
            assertTrue(out.matches("(?s).*sock +sk_rcvbuf +131072\n.*"), out);
            assertTrue(out.matches("(?s).*sock +sk_sndbuf +16384\n.*"), out);
            assertTrue(out.matches("(?s).*inet_sock +inet_rcv_saddr +127\\.0\\.0\\.1\n.*"), out);

            String ls = VkCommand.vk(k, "ls", Integer.toString(t.pid()));
            assertTrue(ls.contains(fd + " -> socket:["), ls);
            assertTrue(ls.contains("0 -> /dev/null"), ls);
        }
    }

    @Test
    void inspectShowsUdpAndNetlinkSocksFromTheirOwnServices() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("inspected2").newNetnsWithLoopback())) {
            int udp = t.socket(AF_INET, SOCK_DGRAM, 0);
            int nl = t.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);

            String u = VkCommand.vk(k, "inspect", Integer.toString(t.pid()), Integer.toString(udp));
            assertTrue(u.contains("ops=inet_dgram_ops"), u);
            assertTrue(u.contains("sock    prot=UDP held by "), u);

            String n = VkCommand.vk(k, "inspect", Integer.toString(t.pid()), Integer.toString(nl));
            assertTrue(n.contains("family=AF_NETLINK ops=netlink_ops"), n);
            assertTrue(n.contains("sock    prot=NETLINK held by "), n);
        }
    }

    @Test
    void ssListsTcpAndUdpSocketsWithTheirEndsQueuesAndTasks() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task server = kernel.spawn(SpawnOptions.named("ss-server").newNetnsWithLoopback());
                Task client = kernel.spawn(SpawnOptions.named("ss-client").uid(1000).gid(1000).joinNetns(server.netns()))) {
            int l = server.socket(AF_INET, SOCK_STREAM, 0);
            server.bind(l, SockAddr.inet("127.0.0.1", 5252));
            server.listen(l, 8);
            int c = client.socket(AF_INET, SOCK_STREAM, 0);
            client.connect(c, SockAddr.inet("127.0.0.1", 5252));
            int conn = server.accept(l).fd();
            client.send(c, "twelve bytes".getBytes(StandardCharsets.UTF_8), 0);
            int u = client.socket(AF_INET, SOCK_DGRAM, 0);
            client.bind(u, SockAddr.inet("127.0.0.1", 5353));
            client.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE); // not -tu: not listed

            String out = VkCommand.vk(k, "ss", "--netns", Long.toString(server.netns()));
            List<String> lines = out.lines().toList();
            assertEquals(5, lines.size(), out); // the header, LISTEN, two ends of the connection, UDP
            assertTrue(lines.get(0).startsWith("Netid State      Recv-Q Send-Q Local Address:Port"), out);
            // accepted, so the accept queue is empty again: Recv-Q 0 of Send-Q (the backlog) 8
            assertLine(out, "tcp +LISTEN +0 +8 +127\\.0\\.0\\.1:5252 +0\\.0\\.0\\.0:\\* +" + users("ss-server", server.pid(), l));
            assertLine(out, "tcp +ESTAB +12 +0 +127\\.0\\.0\\.1:5252 +127\\.0\\.0\\.1:\\d+ +" + users("ss-server", server.pid(), conn));
            assertLine(out, "tcp +ESTAB +0 +0 +127\\.0\\.0\\.1:\\d+ +127\\.0\\.0\\.1:5252 +" + users("ss-client", client.pid(), c));
            assertLine(out, "udp +UNCONN +0 +0 +127\\.0\\.0\\.1:5353 +0\\.0\\.0\\.0:\\* +" + users("ss-client", client.pid(), u));
        }
    }

    private static String users(String comm, int pid, int fd) {
        return java.util.regex.Pattern.quote("users:((\"" + comm + "\",pid=" + pid + ",fd=" + fd + "))");
    }

    private static void assertLine(String out, String regex) {
        assertTrue(out.lines().anyMatch(line -> line.matches(regex)), () -> "no line matching " + regex + " in\n" + out);
    }

    @Test
    void inspectOfAnFdTheTaskDoesNotHoldSaysEbadf() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("inspected3"))) {
            VkCommand.Run r = VkCommand.run(k, "inspect", Integer.toString(t.pid()), "77");
            assertEquals(1, r.code(), r.out());
            assertTrue(r.out().contains("has no fd 77 (EBADF)"), r.out());
        }
    }
}
