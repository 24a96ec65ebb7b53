package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.ERRNO_EAGAIN;
import static vkernel.errno.v1.Errno.ERRNO_UNSPECIFIED;
import static vkernel.netlink.core.Kernel.dumpRequest;
import static vkernel.netlink.core.Kernel.nl;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgBuilder;

/**
 * netlink's tables recorded as the state topic keeps them and rebuilt in a fresh core:
 * what a user sees of each sock (its name, memberships, options, queued datagrams, a
 * dump half read) is the same after the restore as before.
 */
class NetlinkRestoreTest {
    private static final int IPV4_ROUTE_MASK = 1 << (Rtnetlink.RTNLGRP_IPV4_ROUTE - 1);

    /** The compacted topic: the latest value of each key, in the order last written; tombstones remove. */
    private final Map<String, StateRecord> topic = new LinkedHashMap<>();
    private final StateChanges changes = new StateChanges();
    private final Kernel k = new Kernel(changes).withInet();
    private final Cred a = root(100);

    /** A layer's first start is a restore from an empty topic too: it records its multicast origin then. */
    @BeforeEach
    void firstStart() {
        NetlinkRestore.into(k.af, List.of(), k.now);
    }

    private void drain() {
        for (StateRecord r : changes.drain()) {
            topic.remove(r.key());
            if (!r.isTombstone()) {
                topic.put(r.key(), r);
            }
        }
    }

    /** A new core (a new process) rebuilt from the topic, recording too. */
    private Kernel restored() {
        drain();
        Kernel fresh = new Kernel(changes);
        fresh.now = k.now;
        NetlinkRestore.into(fresh.af, new ArrayList<>(topic.values()), fresh.now);
        drain();
        return fresh;
    }

    private static byte[] memberships(Kernel k, long s) {
        SockOptions.Value v = k.af.getsockopt(s, Socket.SOL_NETLINK, Netlink.NETLINK_LIST_MEMBERSHIPS, 64);
        assertEquals(ERRNO_UNSPECIFIED, v.errno());
        return v.bytes();
    }

    private static void assertSameDatagram(AfNetlink.Received want, AfNetlink.Received got) {
        assertEquals(ERRNO_UNSPECIFIED, got.errno());
        assertArrayEquals(want.data(), got.data());
        assertArrayEquals(want.addr(), got.addr(), "the sender (nl:portid:groups)");
        assertEquals(want.msgFlags(), got.msgFlags());
    }

    @Test
    void namesMembershipsOptionsAndQueuedDatagramsSurvive() {
        long listener = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, listener, 0, IPV4_ROUTE_MASK));
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, listener, Socket.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, 33));
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, listener, Socket.SOL_SOCKET, Socket.SO_RCVBUF, 65536));
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, listener, Socket.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1));
        long changer = k.socket(root(101), Netlink.NETLINK_ROUTE);
        k.toKernel(root(101), changer, route(24, 1, 7, 0)); // RTNLGRP_IPV4_ROUTE gets RTM_NEWROUTE
        long u1 = k.socket(a, Netlink.NETLINK_USERSOCK);
        long u2 = k.socket(root(102), Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, u1, 500, 0));
        byte[] hello = NlMsgBuilder.put(0x10, 0, 7, 0, "hello".getBytes());
        assertEquals(ERRNO_UNSPECIFIED, k.sendto(root(102), u2, hello, 0, nl(500, 0)).errno());
        assertEquals(ERRNO_UNSPECIFIED, k.sendto(root(102), u2, hello, 0, nl(500, 0)).errno());
        assertEquals(ERRNO_UNSPECIFIED, k.af.connect(a, u1, nl(k.name(u2).portid(), 0), Trace.NONE));
        k.recv(u1); // one of the two taken before the crash

        Kernel r = restored();
        for (long s : List.of(listener, changer, u1, u2)) {
            assertEquals(k.name(s), r.name(s));
            assertEquals(k.peer(s), r.peer(s));
        }
        assertEquals(new SockaddrNl(100, IPV4_ROUTE_MASK), r.name(listener));
        assertArrayEquals(memberships(k, listener), memberships(r, listener));
        assertEquals(k.getsockoptInt(listener, Socket.SOL_SOCKET, Socket.SO_RCVBUF),
                r.getsockoptInt(listener, Socket.SOL_SOCKET, Socket.SO_RCVBUF));
        assertEquals(1, r.getsockoptInt(listener, Socket.SOL_NETLINK, Netlink.NETLINK_EXT_ACK));
        assertEquals(k.af.inspect(listener).stream().map(f -> String.join("=", f)).toList(),
                r.af.inspect(listener).stream().map(f -> String.join("=", f)).toList(), "sk_rmem_alloc and all");
        for (long s : List.of(listener, changer, u1)) {
            AfNetlink.Received want = k.recv(s);
            assertEquals(ERRNO_UNSPECIFIED, want.errno());
            assertSameDatagram(want, r.recv(s));
            assertEquals(ERRNO_EAGAIN, r.recv(s).errno(), "nothing else was queued");
        }
        // Membership works after the restore: the next change reaches the listener once.
        r.toKernel(root(101), changer, route(24, 2, 8, 0));
        assertEquals(ERRNO_UNSPECIFIED, r.recv(listener).errno());
        assertEquals(ERRNO_EAGAIN, r.recv(listener).errno());
    }

    @Test
    void aNewAutobindOrSocketNeverTakesARestoredIdentity() {
        List<Long> socks = new ArrayList<>();
        List<Integer> portids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long s = k.socket(a, Netlink.NETLINK_ROUTE);
            assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 0, 0));
            socks.add(s);
            portids.add(k.name(s).portid());
        }
        k.af.release(socks.get(2)); // a handle that is free again, but must not be handed out again
        Kernel r = restored();
        for (int i = 0; i < 4; i++) {
            long s = r.socket(a, Netlink.NETLINK_ROUTE); // same pid, same random seed as before
            assertTrue(s > socks.get(2), "sock handle " + s + " is new");
            assertEquals(ERRNO_UNSPECIFIED, r.bind(a, s, 0, 0));
            int p = r.name(s).portid();
            assertNotEquals(portids.get(0), p);
            assertNotEquals(portids.get(1), p);
        }
        assertEquals(new SockaddrNl(portids.get(1), 0), r.name(socks.get(1)));
    }

    @Test
    void aReleasedSockLeavesNothingOnTheTopic() {
        long s = k.socket(a, Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 600, 0));
        long t = k.socket(a, Netlink.NETLINK_USERSOCK);
        for (int i = 0; i < 3; i++) {
            k.sendto(a, t, NlMsgBuilder.put(0x10, 0, i, 0, new byte[8]), 0, nl(600, 0));
        }
        k.af.release(s);
        k.af.release(t);
        drain();
        assertEquals(List.of(), topic.keySet().stream().filter(key -> key.startsWith("nlsk")).toList());
    }

    @Test
    void aDumpHalfReadGoesOnWhereItStopped() {
        long s = k.socket(a, Netlink.NETLINK_ROUTE);
        k.inet.extraRoutes = 200;
        Kernel control = new Kernel().withInet();
        long c = control.socket(a, Netlink.NETLINK_ROUTE);
        control.inet.extraRoutes = 200;
        k.toKernel(a, s, dumpRequest(1, 2));
        control.toKernel(a, c, dumpRequest(1, 2));
        assertSameDatagram(control.recv(c, 8192, 0), k.recv(s, 8192, 0));
        Kernel r = restored();
        assertNotNull(topic.get(NetlinkJournal.dumpKey(2, s)), "the running dump is on the topic");
        int datagrams = 0;
        while (true) {
            AfNetlink.Received want = control.recv(c, 8192, 0);
            if (want.errno() == ERRNO_EAGAIN) {
                break;
            }
            assertSameDatagram(want, r.recv(s, 8192, 0));
            datagrams++;
        }
        assertTrue(datagrams >= 2, "the rest of the routes, then NLMSG_DONE");
        assertEquals(ERRNO_EAGAIN, r.recv(s).errno());
        drain();
        assertEquals(List.of(), topic.keySet().stream().filter(key -> key.startsWith("nlcb")).toList(),
                "the ended dump left nothing");
    }

    @Test
    void aMulticastRecordReadAgainAfterARestartReachesEachMemberOnce() {
        long s = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 0, IPV4_ROUTE_MASK));
        k.af.mcStart(Netlink.NETLINK_ROUTE, 0, 10); // the consumer began at offset 10
        k.af.recordMcPositions();
        byte[] m = route(24, 0, 9, 0);
        k.af.deliverRemote(new MulticastBus.Multicast(0, 2, Rtnetlink.RTNLGRP_IPV4_ROUTE, 0, 0, m), 0, 10);
        k.af.deliverRemote(new MulticastBus.Multicast(0, 2, Rtnetlink.RTNLGRP_IPV4_ROUTE, 0, 0, m), 0, 11);
        // The crash came before the position past 11 was recorded: the topic is read again from 10.
        long late = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, late, 0, IPV4_ROUTE_MASK)); // joined after 11 was read
        Kernel r = restored();
        assertEquals(10L, r.af.mcPosition(Netlink.NETLINK_ROUTE, 0));
        for (long off = 10; off <= 12; off++) {
            r.af.deliverRemote(new MulticastBus.Multicast(0, 2, Rtnetlink.RTNLGRP_IPV4_ROUTE, 0, 0, m), 0, off);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(ERRNO_UNSPECIFIED, r.recv(s).errno(), "10, 11 and 12, once each");
        }
        assertEquals(ERRNO_EAGAIN, r.recv(s).errno());
        assertEquals(ERRNO_UNSPECIFIED, r.recv(late).errno(), "only 12: it joined after 11");
        assertEquals(ERRNO_EAGAIN, r.recv(late).errno());
        assertEquals(k.af.identity(), r.af.identity(), "its own records stay its own");
    }

    @Test
    void handlerRegistrationsComeBackWithAFreshLeaseAndRenewalsWriteNothing() {
        drain();
        k.withInet(); // a renewal
        assertEquals(List.of(), changes.drain());
        k.now += 60_000; // the restart took long: the old lease would have lapsed
        Kernel r = restored();
        long s = r.socket(a, Netlink.NETLINK_ROUTE);
        r.toKernel(a, s, route(24, 1, 7, 0));
        AfNetlink.Received ack = r.recv(s);
        assertEquals(0, vkernel.uapi.netlink.Le.s32(ack.data(), 16), "RTM_NEWROUTE is served, not EOPNOTSUPP");
        r.now += 3001; // inet never renewed: its rows lapse, and its calls wait for it while it restarts
        assertEquals(null, r.handlers.lookup(Socket.AF_INET, 24, r.now), "no live row");
        r.toKernel(a, s, route(24, 2, 8, 0));
        assertEquals(0, vkernel.uapi.netlink.Le.s32(r.recv(s).data(), 16), "still the restored row's service");
    }

    @Test
    void skbsWhoseSockIsGoneAreFreed() {
        long s = k.socket(a, Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 700, 0));
        k.sendto(a, s, NlMsgBuilder.put(0x10, 0, 1, 0, new byte[4]), 0, nl(700, 0));
        drain();
        topic.remove(NetlinkJournal.sockKey(2, s)); // the sock's tombstone landed, the skb's did not
        Kernel r = restored();
        assertEquals(0, r.af.sockCount());
        assertEquals(List.of(), topic.keySet().stream().filter(key -> key.startsWith("nlskb")).toList());
    }
}
