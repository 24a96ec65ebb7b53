package vkernel.inet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.dev.LinkMessages;
import vkernel.inet.core.fib.NetlinkEmulation;
import vkernel.inet.core.tcp.TcpMinisocks;
import vkernel.inet.core.tcp.TcpOutput;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtMsg;

/**
 * The tables outlive the stack: a stack records every change, a fresh stack restores
 * from the records, and a user sees what it saw before — addresses, queued bytes and
 * datagrams, pending connections, bound ports, routes — and the topic holds nothing of
 * what was closed.
 */
class StateRestoreTest {
    private final StateTopic topic = new StateTopic();
    private final ManualTimers timers = new ManualTimers();
    private final Socks a = new Socks(new AfInet(timers, Trace.NO_SOURCE, topic.changes));

    /** A new stack (a restarted process) from what the topic holds, recording to it from then on. */
    private Socks restored(ManualTimers clock) {
        AfInet af = new AfInet(clock, Trace.NO_SOURCE, topic.changes);
        af.restore(topic.live());
        return Socks.over(af);
    }

    private static String name(Socks s, long sk, boolean peer) {
        Results.Getname n = s.af.getname(sk, peer, Trace.NONE);
        return n.errno() == Errno.ERRNO_UNSPECIFIED ? java.util.HexFormat.of().formatHex(n.addr()) : n.errno().name();
    }

    private static List<String> routes(Socks s) {
        byte[] req = new NlMsgBuilder(Rtnetlink.RTM_GETROUTE, 0x301, 9, 0).rtmsg(new RtMsg(2, 0, 0, 0, 0, 0, 0, 0, 0)).build();
        return s.af.rtnlDumpit(Socks.ROOT, req, 77, false, Trace.NONE).messages().stream().map(NetlinkEmulation::route).toList();
    }

    private Errno route(Socks s, String... args) {
        return s.af.rtnlDoit(Socks.ROOT, NetlinkEmulation.routeRequest(1, List.of(args)), 4242, false, Trace.NONE).errno();
    }

    @Test
    void connectionsQueuesPendingConnectionsPortsAndRoutesComeBack() {
        long l = a.tcp();
        a.bind(l, "127.0.0.1:5000");
        a.listen(l, 8);
        long c = a.tcp();
        a.connect(c, "127.0.0.1:5000");
        long s = a.accept(l);
        a.send(c, "from the client", 0);
        a.send(s, "from the server", 0);
        long pending = a.tcp();
        a.connect(pending, "127.0.0.1:5000"); // left in the accept queue
        long u = a.udp();
        a.bind(u, "127.0.0.1:6000");
        long v = a.udp();
        a.sendto(v, "a datagram", "127.0.0.1:6000"); // autobound, left queued
        assertEquals(Errno.ERRNO_UNSPECIFIED, route(a, "3", "add", "10.4.0.0/16", "dev", "1"));
        List<String> names = List.of(name(a, c, false), name(a, c, true), name(a, s, false), name(a, s, true),
                name(a, pending, false), name(a, u, false), name(a, v, false), name(a, l, false));
        List<String> routes = routes(a);

        Socks b = restored(new ManualTimers());
        assertEquals(names, List.of(name(b, c, false), name(b, c, true), name(b, s, false), name(b, s, true),
                name(b, pending, false), name(b, u, false), name(b, v, false), name(b, l, false)));
        assertEquals("from the client", b.recvText(s, 100));
        assertEquals("from the server", b.recvText(c, 100));
        assertEquals(Errno.ERRNO_EAGAIN.name(), b.recvText(s, 100), "each byte once");
        long accepted = b.accept(l);
        assertEquals(name(b, pending, false), name(b, accepted, true), "the pending connection is the one accepted");
        b.send(pending, "after the restart", 0);
        assertEquals("after the restart", b.recvText(accepted, 100));
        Results.Recv d = b.recv(u, 100, 0);
        assertEquals("a datagram", new String(d.data()));
        byte[] vName = b.af.getname(v, false, Trace.NONE).addr();
        int vPort = (vName[2] & 0xff) << 8 | (vName[3] & 0xff);
        assertArrayEquals(Socks.addr("127.0.0.1:" + vPort), d.addr(), "from where it came");
        assertEquals(routes, routes(b));
        assertEquals(Errno.ERRNO_EADDRINUSE, b.bind(b.tcp(), "127.0.0.1:5000"), "the listener's port stays bound");
        assertEquals(Errno.ERRNO_EADDRINUSE, b.bind(b.udp(), "127.0.0.1:6000"), "so does the UDP port");
        assertEquals(Errno.ERRNO_EEXIST, route(b, "3", "add", "10.4.0.0/16", "dev", "1"));
    }

    /** The link dump's messages, each without its random-free tail: ifinfomsg and attributes up to IFLA_ADDRESS. */
    private static List<String> links(Socks s) {
        byte[] req = LinkMessages.link(Rtnetlink.RTM_GETLINK, 0x301, 0, 0, 0);
        return s.af.rtnlDumpit(Socks.ROOT, req, 77, false, Trace.NONE).messages().stream()
                .map(m -> java.util.HexFormat.of().formatHex(m, 16, 256)).toList();
    }

    @Test
    void devicesComeBackWithTheirStateAndTheNextIndex() {
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.add(a.af, "v0", "ifb").errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.add(a.af, "w0", "dummy").errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.setUp(a.af, 2, true).errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.setUp(a.af, 1, false).errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, a.af.rtnlDoit(Socks.ROOT,
                LinkMessages.link(Rtnetlink.RTM_DELLINK, 5, 3, 0, 0), 77, false, Trace.NONE).errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, route(a, "3", "add", "10.4.0.0/16", "dev", "2"));
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.addr(a.af, Rtnetlink.RTM_NEWADDR, 2, "10.1.0.1", 24).errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.addr(a.af, Rtnetlink.RTM_NEWADDR, 2, "10.1.0.2", 24).errno());
        List<String> links = links(a);
        List<String> routes = routes(a);

        Socks b = restored(new ManualTimers());
        assertEquals(links, links(b), "v0 up, lo down, w0 gone");
        assertEquals(routes, routes(b));
        assertEquals(Errno.ERRNO_UNSPECIFIED, b.bind(b.tcp(), "10.1.0.2:80"), "its addresses are local");
        assertEquals(Errno.ERRNO_EEXIST, LinkMessages.addr(b.af, Rtnetlink.RTM_NEWADDR, 2, "10.1.0.1", 24).errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.addr(b.af, Rtnetlink.RTM_DELADDR, 2, "10.1.0.1", 24).errno());
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, b.bind(b.tcp(), "10.1.0.2:81"), "the secondary went with its primary");
        assertEquals(Errno.ERRNO_EEXIST, LinkMessages.add(b.af, "v0", "ifb").errno());
        byte[] next = LinkMessages.add(b.af, "x0", "ifb").notifications().get(0).nlmsg();
        assertEquals(4, next[20], "w0's index is not handed out again");
    }

    @Test
    void aStreamLargerThanTheWindowComesBackWholeAndItsRecordsGoOnceRead() {
        long[] p = a.pair(7000);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (int i = 0; ; i++) {
            byte[] chunk = new byte[65536];
            java.util.Arrays.fill(chunk, (byte) i);
            CompletableFuture<Results.Send> f = new CompletableFuture<>();
            a.af.sendmsg(Socks.ROOT, p[0], chunk, 0, new byte[0], true, Trace.NONE, f::complete);
            Results.Send r = Socks.now(f);
            if (r.errno() == Errno.ERRNO_EAGAIN) {
                break;
            }
            sent.write(chunk, 0, (int) r.ret()); // both the peer's receive queue and our write queue hold some
        }
        assertTrue(sent.size() > 1 << 20, "the write queue holds more than the window: " + sent.size());

        Socks b = restored(new ManualTimers());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < sent.size()) {
            Results.Recv r = b.recv(p[1], 1 << 20, 0);
            assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno(), "after " + got.size() + " bytes");
            got.writeBytes(r.data());
        }
        assertArrayEquals(sent.toByteArray(), got.toByteArray());
        assertTrue(topic.keys().stream().noneMatch(k -> k.startsWith("sockq/")), "read bytes leave the topic: " + topic.keys());
    }

    @Test
    void timeWaitKeepsItsPortUntilItsDeadlineAfterARestore() {
        long l = a.tcp();
        a.bind(l, "127.0.0.1:7100");
        a.listen(l, 8);
        long c = a.tcp();
        a.bind(c, "127.0.0.1:7101");
        a.connect(c, "127.0.0.1:7100");
        long s = a.accept(l);
        a.close(c); // the active closer ends in TIME_WAIT
        a.close(s);
        a.close(l);

        ManualTimers clock = new ManualTimers();
        Socks b = restored(clock);
        assertEquals(Errno.ERRNO_EADDRINUSE, b.bind(b.tcp(), "127.0.0.1:7101"));
        clock.advance(TcpMinisocks.TIMEWAIT_LEN_MILLIS);
        assertEquals(Errno.ERRNO_UNSPECIFIED, b.bind(b.tcp(), "127.0.0.1:7101"), "re-armed from its deadline, it expired");
    }

    @Test
    void whatIsClosedLeavesTheTopic() {
        long[] p = a.pair(8080);
        a.send(p[0], "unread", 0);
        long u = a.udp();
        a.sendto(u, "to nobody", "127.0.0.1:9"); // an ICMP error for u's error queue
        long pending = a.tcp();
        long l = a.tcp();
        a.bind(l, "127.0.0.1:8081");
        a.listen(l, 4);
        a.connect(pending, "127.0.0.1:8081");
        assertEquals(Errno.ERRNO_UNSPECIFIED, route(a, "3", "add", "10.9.0.0/16", "dev", "1"));
        assertEquals(Errno.ERRNO_UNSPECIFIED, route(a, "3", "del", "10.9.0.0/16", "dev", "1"));
        assertTrue(topic.keys().size() > 5);

        a.close(p[1]); // unread data: a reset
        a.close(p[0]);
        a.close(u);
        a.close(pending);
        a.close(l);
        timers.advance(TcpOutput.DELACK_MILLIS);
        timers.advance(TcpMinisocks.TIMEWAIT_LEN_MILLIS);
        assertTrue(a.af.isPristine(Socks.NETNS));
        // lo, brought up in this new namespace, keeps its state: up, 127.0.0.1/8 and its three local-table routes
        assertEquals(java.util.Set.of("netdev/7/1", "netdevs/7", "fib/7/255/2130706433", "fib/7/255/2130706432",
                "fib/7/255/2147483647", "ids"), java.util.Set.copyOf(topic.keys()), "only lo's state and the id ceiling are left");
    }

    @Test
    void aNamespaceThatExitsLeavesTheTopic() {
        a.pair(8080);
        route(a, "3", "add", "10.4.0.0/16", "dev", "1");
        a.af.netnsExit(Socks.NETNS);
        assertEquals(List.of("ids"), topic.keys());
    }

    @Test
    void aRecvThatSleepsOnARestoredSockIsWokenByTheNextSend() {
        long[] p = a.pair(7200);
        Socks b = restored(new ManualTimers());
        CompletableFuture<Results.Recv> blocked = new CompletableFuture<>();
        b.af.recvmsg(Socks.ROOT, p[1], IovLen.of(100), 0, false, Trace.NONE, blocked::complete);
        assertTrue(!blocked.isDone(), "nothing queued: it sleeps");
        b.send(p[0], "wake up", 0);
        assertEquals("wake up", new String(Socks.now(blocked).data()));
    }

    @Test
    void aRestoredStackNeverHandsOutAnIdAgain() {
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = a.udp();
        }
        Socks b = restored(new ManualTimers());
        assertTrue(b.udp() > last);
    }

    /** Not a benchmark (the machine is shared): how long a rebuild of 10,000 socks with queued bytes takes, printed. */
    @Test
    void tenThousandSocksComeBack() {
        long l = a.tcp();
        a.bind(l, "127.0.0.1:9000");
        a.listen(l, 16);
        long[] client = new long[5000];
        long[] server = new long[5000];
        for (int i = 0; i < client.length; i++) {
            client[i] = a.tcp();
            a.connect(client[i], "127.0.0.1:9000");
            server[i] = a.accept(l);
            a.send(client[i], "request " + i, 0);
        }
        List<vkernel.kernel.state.StateRecord> live = topic.live();
        AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE, topic.changes);
        long t0 = System.nanoTime();
        InetRestore.Restored r = af.restore(live);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("restored %d socks (%d handles) from %d records in %d ms%n", r.socks(), r.handles(), live.size(), ms);
        assertEquals(10_001, af.sockCount());
        Socks b = Socks.over(af);
        assertEquals("request 4999", b.recvText(server[4999], 100));
    }
}
