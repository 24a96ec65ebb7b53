package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Epoll.EPOLLET;
import static vkernel.uapi.Epoll.EPOLLIN;
import static vkernel.uapi.Epoll.EPOLL_CTL_ADD;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.AF_NETLINK;
import static vkernel.uapi.Socket.SOCK_DGRAM;
import static vkernel.uapi.Socket.SOCK_RAW;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.Accepted;
import vkernel.sdk.EpollEvent;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgErr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * inet-service killed with SIGKILL and started again: what its tables held is there —
 * a connection's bytes queued in both directions, a connection waiting to be accepted,
 * a queued datagram, bound ports, an added route — and the same calls find it.
 */
class InetRestartTest {
    private static final SockAddr KERNEL = SockAddr.netlink(0, 0);
    private static final int ROUTE = 0x0a040000; // 10.4.0.0/16
    private static final SockAddr W = SockAddr.inet("127.0.0.1", 7002);
    private static final int OTHER_ROUTE = 0x0a050000; // 10.5.0.0/16

    @Test
    void socksQueuesPortsAndRoutesSurviveAKill() throws Exception {
        Kernel k = KernelFixture.start(Map.of());
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret())) {
            Task t = kernel.spawn(SpawnOptions.named("survivor").newNetnsWithLoopback());
            int l = t.socket(AF_INET, SOCK_STREAM, 0);
            t.bind(l, SockAddr.inet("127.0.0.1", 7000));
            t.listen(l, 8);
            int c = t.socket(AF_INET, SOCK_STREAM, 0);
            t.connect(c, SockAddr.inet("127.0.0.1", 7000));
            int s = t.accept(l).fd();
            assertEquals(12, t.send(c, "client bytes".getBytes(), 0));
            assertEquals(12, t.send(s, "server bytes".getBytes(), 0));
            int pending = t.socket(AF_INET, SOCK_STREAM, 0);
            t.connect(pending, SockAddr.inet("127.0.0.1", 7000));
            int u = t.socket(AF_INET, SOCK_DGRAM, 0);
            t.bind(u, SockAddr.inet("127.0.0.1", 7001));
            int v = t.socket(AF_INET, SOCK_DGRAM, 0);
            t.sendto(v, "a datagram".getBytes(), 0, SockAddr.inet("127.0.0.1", 7001));
            // An edge-triggered epoll item that has seen many of w's wake-ups; w's queue is new after the kill.
            int w = t.socket(AF_INET, SOCK_DGRAM, 0);
            t.bind(w, W);
            int ep = t.epollCreate1(0);
            t.epollCtl(ep, EPOLL_CTL_ADD, w, new EpollEvent(EPOLLIN | EPOLLET, 9));
            for (int i = 0; i < 20; i++) {
                t.sendto(v, "w".getBytes(), 0, W);
                t.recv(w, 10, 0);
            }
            t.epollWait(ep, 8, 0); // the last edge, taken
            int nl = t.socket(AF_NETLINK, SOCK_RAW, Netlink.NETLINK_ROUTE);
            assertEquals(0, addRoute(t, nl, 1, ROUTE), "route add");
            List<byte[]> names = names(t, c, s, pending, v);
            assertTrue(dumpDsts(t, nl, 2).contains(ROUTE));

            long killed = System.nanoTime();
            k.killLayer(Layer.INET);
            // Sent once inet's lease has lapsed: netlink-service holds it until inet is back (a
            // pause, as for any call to a restarting layer), never EOPNOTSUPP (no handler).
            CompletableFuture<Integer> whileAway = CompletableFuture.supplyAsync(() -> {
                sleepQuietly(4000);
                return addRoute(t, nl, 3, OTHER_ROUTE);
            });
            k.restartLayer(Layer.INET);
            System.out.printf("inet-service: SIGKILL to ready again in %d ms%n", (System.nanoTime() - killed) / 1_000_000);
            assertEquals(0, whileAway.get(60, TimeUnit.SECONDS), "a route added while inet-service was away");

            List<byte[]> after = names(t, c, s, pending, v);
            for (int i = 0; i < names.size(); i++) {
                assertArrayEquals(names.get(i), after.get(i), "getsockname/getpeername #" + i);
            }
            assertEquals("client bytes", new String(t.recv(s, 100, 0).data()));
            assertEquals("server bytes", new String(t.recv(c, 100, 0).data()));
            Accepted a = t.accept(l);
            assertArrayEquals(t.getsockname(pending).bytes(), a.peer().bytes(), "the pending connection is accepted");
            t.send(pending, "after the kill".getBytes(), 0);
            assertEquals("after the kill", new String(t.recv(a.fd(), 100, 0).data()));
            Received d = t.recvfrom(u, 100, 0);
            assertEquals("a datagram", new String(d.data()));
            assertArrayEquals(SockAddr.inet("127.0.0.1", t.getsockname(v).asInet().orElseThrow().port()).bytes(), d.from().bytes());
            assertTrue(dumpDsts(t, nl, 4).containsAll(List.of(ROUTE, OTHER_ROUTE)), "both routes are in the dump");
            assertEquals(-Errno.ERRNO_EEXIST.getNumber(), addRoute(t, nl, 5, ROUTE), "and adding it again: EEXIST");
            assertEquals(List.of(), t.epollWait(ep, 8, 0), "nothing to read on w: no edge");
            t.sendto(v, "after".getBytes(), 0, W);
            assertEquals(List.of(new EpollEvent(EPOLLIN, 9)), t.epollWait(ep, 8, 10_000),
                    "a datagram on the restored socket is an edge, though its new queue has counted fewer wake-ups");
            int again = t.socket(AF_INET, SOCK_STREAM, 0);
            ErrnoException e = assertThrows(ErrnoException.class, () -> t.bind(again, SockAddr.inet("127.0.0.1", 7000)));
            assertEquals(Errno.ERRNO_EADDRINUSE, e.errno(), "the listener's port stays bound");
            int udpAgain = t.socket(AF_INET, SOCK_DGRAM, 0);
            e = assertThrows(ErrnoException.class, () -> t.bind(udpAgain, SockAddr.inet("127.0.0.1", 7001)));
            assertEquals(Errno.ERRNO_EADDRINUSE, e.errno(), "so does the UDP port");
            t.close();
        } finally {
            k.close();
        }
    }

    private static List<byte[]> names(Task t, int c, int s, int pending, int v) {
        return List.of(t.getsockname(c).bytes(), t.getpeername(c).bytes(), t.getsockname(s).bytes(),
                t.getpeername(s).bytes(), t.getsockname(pending).bytes(), t.getsockname(v).bytes());
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ip route add DST/16 dev lo: the ack's error (0 or -errno). */
    private static int addRoute(Task t, int nl, int seq, int dst) {
        RtMsg rtm = new RtMsg(AF_INET, 16, 0, 0, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_STATIC, Rtnetlink.RT_SCOPE_LINK,
                Rtnetlink.RTN_UNICAST, 0);
        byte[] req = new NlMsgBuilder(Rtnetlink.RTM_NEWROUTE,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, seq, 0).rtmsg(rtm)
                .attr(RtAttr.inAddr(Rtnetlink.RTA_DST, dst)).attrU32(Rtnetlink.RTA_OIF, 1).build();
        t.sendto(nl, req, 0, KERNEL);
        Received r = t.recv(nl, 8192, 0);
        NlMsg ack = NlMsgParser.parse(r.data()).get(0);
        assertEquals(Netlink.NLMSG_ERROR, ack.type());
        return NlMsgErr.decode(ack.payload()).error();
    }

    /** ip route show table all: the RTA_DST of every route dumped. */
    private static List<Integer> dumpDsts(Task t, int nl, int seq) {
        t.sendto(nl, new NlMsgBuilder(Rtnetlink.RTM_GETROUTE, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq, 0)
                .rtmsg(RtMsg.ofFamily(AF_INET)).build(), 0, KERNEL);
        List<Integer> dsts = new ArrayList<>();
        while (true) {
            for (NlMsg m : NlMsgParser.parse(t.recv(nl, 32768, 0).data())) {
                if (m.type() == Netlink.NLMSG_DONE) {
                    return dsts;
                }
                for (RtAttr a : m.attributes(RtMsg.SIZE)) {
                    if (a.nlaType() == Rtnetlink.RTA_DST) {
                        dsts.add(a.inAddr());
                    }
                }
            }
        }
    }
}
