package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Netlink.NETLINK_SOCK_DIAG;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.AF_NETLINK;
import static vkernel.uapi.Socket.SOCK_DGRAM;
import static vkernel.uapi.Socket.SOCK_RAW;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * NETLINK_SOCK_DIAG for AF_INET against a live kernel: a task dumps its namespace's TCP,
 * UDP and raw socks over a netlink socket, as ss does, and gets inet-service's answers
 * through netlink-service (the handler inet-service registered at start).
 */
class SockDiagTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int RAW = 255;

    /** One decoded inet_diag_msg. */
    record Msg(int state, int sport, int dport, String src, String dst, int uid, long inode) {}

    static byte[] request(int seq, int protocol, int states) {
        ByteBuffer b = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(72).putShort((short) 20).putShort((short) 0x301).putInt(seq).putInt(0);
        b.put((byte) AF_INET).put((byte) protocol).put((byte) 0).put((byte) 0).putInt(states);
        b.position(64);
        b.putInt(-1).putInt(-1);
        return b.array();
    }

    /** A dump as ss makes it; the answers up to NLMSG_DONE, whose status must be 0. */
    static List<Msg> dump(Task t, int fd, int protocol, int states) {
        t.sendto(fd, request(1, protocol, states), 0, SockAddr.netlink(0, 0));
        List<Msg> out = new ArrayList<>();
        while (true) {
            byte[] d = t.recv(fd, 32768, 0).data();
            ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off + 16 <= d.length; off += (b.getInt(off) + 3) & ~3) {
                int type = b.getShort(off + 4);
                int p = off + 16;
                if (type == 3) {
                    assertEquals(0, b.getInt(p), "NLMSG_DONE's status");
                    return out;
                }
                assertEquals(20, type, "SOCK_DIAG_BY_FAMILY answers");
                assertEquals(2, b.getShort(off + 6), "NLM_F_MULTI");
                assertEquals(AF_INET, d[p]);
                ByteBuffer be = ByteBuffer.wrap(d).order(ByteOrder.BIG_ENDIAN);
                out.add(new Msg(d[p + 1], be.getShort(p + 4) & 0xffff, be.getShort(p + 6) & 0xffff,
                        SockAddr.formatIpv4(be.getInt(p + 8)), SockAddr.formatIpv4(be.getInt(p + 24)), b.getInt(p + 64),
                        b.getInt(p + 68) & 0xffffffffL));
            }
        }
    }

    @Test
    void aTaskDumpsTheSocksOfItsOwnNamespace() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task server = kernel.spawn(SpawnOptions.named("diag-server").newNetnsWithLoopback());
                Task client = kernel.spawn(SpawnOptions.named("diag-client").uid(1000).gid(1000)
                        .joinNetns(server.netns()));
                Task stranger = kernel.spawn(SpawnOptions.named("diag-other").newNetnsWithLoopback())) {
            int l = server.socket(AF_INET, SOCK_STREAM, 0);
            server.bind(l, SockAddr.inet("127.0.0.1", 6001));
            server.listen(l, 5);
            int c = client.socket(AF_INET, SOCK_STREAM, 0);
            client.connect(c, SockAddr.inet("127.0.0.1", 6001));
            int a = server.accept(l).fd();
            int u = client.socket(AF_INET, SOCK_DGRAM, 0);
            client.bind(u, SockAddr.inet("127.0.0.1", 6002));
            int r = server.socket(AF_INET, SOCK_RAW, 1);
            int cport = client.getsockname(c).asInet().orElseThrow().port();

            int nl = server.socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
            List<Msg> tcp = dump(server, nl, TCP, -1);
            assertEquals(3, tcp.size(), tcp.toString());
            assertTrue(tcp.contains(new Msg(10, 6001, 0, "127.0.0.1", "0.0.0.0", 0, server.fstat(l).ino())), tcp.toString());
            assertTrue(tcp.contains(new Msg(1, cport, 6001, "127.0.0.1", "127.0.0.1", 1000, client.fstat(c).ino())),
                    tcp.toString());
            assertTrue(tcp.contains(new Msg(1, 6001, cport, "127.0.0.1", "127.0.0.1", 0, server.fstat(a).ino())),
                    tcp.toString());
            assertEquals(List.of(new Msg(10, 6001, 0, "127.0.0.1", "0.0.0.0", 0, server.fstat(l).ino())),
                    dump(server, nl, TCP, 1 << 10), "the state filter: listeners only");
            assertEquals(List.of(new Msg(7, 6002, 0, "127.0.0.1", "0.0.0.0", 1000, client.fstat(u).ino())),
                    dump(server, nl, UDP, -1));
            List<Msg> raw = dump(server, nl, RAW, -1);
            assertEquals(List.of(new Msg(7, 1, 0, "0.0.0.0", "0.0.0.0", 0, server.fstat(r).ino())), raw,
                    "a raw sock's sport is its protocol");

            int other = stranger.socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
            assertEquals(List.of(), dump(stranger, other, TCP, -1), "another namespace's socks are not shown");
            assertEquals(List.of(), dump(stranger, other, UDP, -1));

            String ss = VkCommand.vk(k, "ss", "--netns", Long.toString(server.netns()));
            assertTrue(ss.matches("(?s).*\ntcp +LISTEN +0 +5 +127\\.0\\.0\\.1:6001 +0\\.0\\.0\\.0:\\* +users:\\(\\(\"diag-server\",pid="
                    + server.pid() + ",fd=" + l + "\\)\\)\n.*"), ss);
            assertTrue(ss.matches("(?s).*\nudp +UNCONN +0 +0 +127\\.0\\.0\\.1:6002 +0\\.0\\.0\\.0:\\* +users:\\(\\(\"diag-client\",pid="
                    + client.pid() + ",fd=" + u + "\\)\\)\n.*"), ss);

            // the client's side closes first: a TIME-WAIT sock no task holds, which ss shows without a process
            client.close(c);
            server.close(a);
            List<Msg> tw = dump(server, nl, TCP, 1 << 6);
            assertEquals(List.of(new Msg(6, cport, 6001, "127.0.0.1", "127.0.0.1", 0, 0)), tw);
            String after = VkCommand.vk(k, "ss", "--netns", Long.toString(server.netns()));
            assertTrue(after.matches("(?s).*\ntcp +TIME-WAIT +0 +0 +127\\.0\\.0\\.1:" + cport
                    + " +127\\.0\\.0\\.1:6001 *\n.*"), after);
        }
    }
}
