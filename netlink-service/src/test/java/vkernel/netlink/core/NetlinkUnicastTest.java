package vkernel.netlink.core;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.nl;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.task;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.kernel.sched.Revents;
import vkernel.uapi.Netlink;
import vkernel.uapi.Poll;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;

/** netlink_sendmsg / netlink_unicast / netlink_recvmsg between user sockets (NETLINK_USERSOCK). */
class NetlinkUnicastTest {
    private static final int USERSOCK = Netlink.NETLINK_USERSOCK;
    private final Kernel k = new Kernel();
    private final Cred receiver = root(10);
    private final Cred sender = root(11);

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Scenario 61. */
    @Test
    void aDatagramCarriesTheSendersAutoboundPortid() {
        long r = k.socket(receiver, USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(receiver, r, 4242424, 0));
        long s = k.socket(sender, USERSOCK);
        assertEquals(new AfNetlink.Sent(4, ERRNO_UNSPECIFIED), k.sendto(sender, s, text("ping"), 0, nl(4242424, 0)));
        assertEquals(new SockaddrNl(11, 0), k.name(s));
        AfNetlink.Received got = k.recv(r, 100, 0);
        assertEquals(4, got.ret());
        assertArrayEquals(text("ping"), got.data());
        assertEquals(new SockaddrNl(11, 0), SockaddrNl.decode(got.addr()));
        assertEquals(ERRNO_EAGAIN, k.recv(r).errno());
    }

    @Test
    void peekAndTrunc() {
        long r = k.socket(receiver, USERSOCK);
        k.bind(receiver, r, 7000000, 0);
        long s = k.socket(sender, USERSOCK);
        k.sendto(sender, s, text("hello world"), 0, nl(7000000, 0));
        AfNetlink.Received peek = k.recv(r, 5, Socket.MSG_PEEK);
        assertEquals(5, peek.ret());
        assertEquals(Socket.MSG_TRUNC, peek.msgFlags());
        AfNetlink.Received trunc = k.recv(r, 5, Socket.MSG_TRUNC);
        assertEquals(11, trunc.ret(), "MSG_TRUNC returns the real length");
        assertArrayEquals(text("hello"), trunc.data());
        assertEquals(ERRNO_EAGAIN, k.recv(r).errno(), "the rest of a datagram is gone");
        k.sendto(sender, s, text("x"), 0, nl(7000000, 0));
        assertEquals(0, k.recv(r, 0, 0).ret());
        assertEquals(ERRNO_EOPNOTSUPP, k.recv(r, 10, Socket.MSG_OOB).errno());
    }

    @Test
    void sendErrorsInTheKernelsOrder() {
        long s = k.socket(sender, USERSOCK);
        assertEquals(ERRNO_EOPNOTSUPP, k.sendto(sender, s, text("x"), Socket.MSG_OOB, nl(5, 0)).errno());
        assertEquals(ERRNO_ENODATA, k.sendto(sender, s, new byte[0], 0, nl(5, 0)).errno());
        assertEquals(ERRNO_EINVAL, k.sendto(sender, s, text("x"), 0, new byte[6]).errno());
        assertEquals(ERRNO_ECONNREFUSED, k.sendto(sender, s, text("x"), 0, nl(5, 0)).errno());
        assertEquals(ERRNO_ECONNREFUSED, k.sendto(sender, s, text("x"), 0, new byte[0]).errno(),
                "unconnected: to portid 0, and NETLINK_USERSOCK has no kernel socket");
        assertEquals(new SockaddrNl(11, 0), k.name(s), "autobound by the first send");
        k.setsockopt(sender, s, Socket.SOL_SOCKET, Socket.SO_SNDBUF, 0);
        assertEquals(4608, k.getsockoptInt(s, Socket.SOL_SOCKET, Socket.SO_SNDBUF));
        long r = k.socket(receiver, USERSOCK);
        k.bind(receiver, r, 6000000, 0);
        assertEquals(ERRNO_EMSGSIZE, k.sendto(sender, s, new byte[4577], 0, nl(6000000, 0)).errno());
        assertEquals(4576, k.sendto(sender, s, new byte[4576], 0, nl(6000000, 0)).ret());
        Cred user = task(12, 0);
        long route = k.socket(user, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_EPERM, k.sendto(user, route, text("x"), 0, nl(6000000, 0)).errno());
        assertEquals(ERRNO_EPERM, k.sendto(user, route, text("x"), 0, nl(0, 1)).errno());
    }

    @Test
    void aConnectedSockTakesOnlyItsPeer() {
        long r = k.socket(receiver, USERSOCK);
        k.bind(receiver, r, 4400000, 0);
        long peer = k.socket(sender, USERSOCK);
        k.bind(sender, peer, 4400001, 0);
        k.af.connect(receiver, r, nl(4400001, 0), Trace.NONE);
        long third = k.socket(sender, USERSOCK);
        assertEquals(ERRNO_ECONNREFUSED, k.sendto(sender, third, text("m5"), 0, nl(4400000, 0)).errno());
        assertEquals(2, k.sendto(sender, peer, text("m6"), 0, nl(4400000, 0)).ret());
        assertEquals(new SockaddrNl(4400001, 0), SockaddrNl.decode(k.recv(r).addr()));
        assertEquals(2, k.sendto(receiver, r, text("hi"), 0, new byte[0]).ret(), "send without an address goes to the peer");
        assertArrayEquals(text("hi"), k.recv(peer).data());
    }

    @Test
    void aFullReceiverMakesTheSenderWaitOrEagain() {
        long r = k.socket(receiver, USERSOCK);
        k.bind(receiver, r, 4500000, 0);
        k.setsockopt(receiver, r, Socket.SOL_SOCKET, Socket.SO_RCVBUF, 0); // 2304: two small skbs (832 each)
        long s = k.socket(sender, USERSOCK);
        assertEquals(1, k.sendto(sender, s, text("1"), 0, nl(4500000, 0)).ret());
        assertEquals(1, k.sendto(sender, s, text("2"), 0, nl(4500000, 0)).ret());
        assertEquals(ERRNO_EAGAIN, k.sendto(sender, s, text("3"), Socket.MSG_DONTWAIT, nl(4500000, 0)).errno());
        CompletableFuture<AfNetlink.Sent> blocked = k.af.sendmsg(sender, s, text("4"), 0, nl(4500000, 0), false,
                Trace.NONE);
        assertFalse(blocked.isDone());
        assertArrayEquals(text("1"), k.recv(r).data());
        assertTrue(blocked.isDone(), "netlink_rcv_wake let the sender retry, and there was room");
        assertEquals(1, blocked.join().ret());
        assertArrayEquals(text("2"), k.recv(r).data());
        assertArrayEquals(text("4"), k.recv(r).data());
    }

    @Test
    void aBlockedReceiveEndsWhenADatagramArrives() {
        long r = k.socket(receiver, USERSOCK);
        k.bind(receiver, r, 4600000, 0);
        assertEquals(Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLWRBAND, k.af.poll(r, Poll.POLLOUT, 0, Revents.LEVEL).join().mask());
        CompletableFuture<Revents> poll = k.af.poll(r, Poll.POLLIN, -1, Revents.LEVEL);
        CompletableFuture<AfNetlink.Received> waiting = k.af.recvmsg(r, 100, 0, false);
        assertFalse(waiting.isDone());
        assertFalse(poll.isDone());
        long s = k.socket(sender, USERSOCK);
        k.sendto(sender, s, text("wake"), 0, nl(4600000, 0));
        assertTrue(waiting.isDone());
        assertArrayEquals(text("wake"), waiting.join().data());
        assertTrue(poll.isDone(), "poll saw the datagram before the receive took it");
        assertEquals(Poll.POLLIN, poll.join().mask() & Poll.POLLIN);
        assertEquals(ERRNO_EBADF, closeWhileWaiting(r).errno());
    }

    @Test
    void anEdgePollWaitsForAWakeupItHasNotSeen() {
        long r = k.socket(receiver, USERSOCK);
        k.bind(receiver, r, 4700000, 0);
        long s = k.socket(sender, USERSOCK);
        long before = k.af.poll(r, Poll.POLLIN, 0, Revents.LEVEL).join().wakes();
        k.sendto(sender, s, text("one"), 0, nl(4700000, 0));
        Revents queued = k.af.poll(r, Poll.POLLIN, 0, Revents.LEVEL).join();
        assertTrue(queued.wakes() > before, "__netlink_sendskb counts its wake-up");
        assertEquals(queued, k.af.poll(r, Poll.POLLIN, -1, queued.wakes() - 1).join(), "not yet seen: at once");
        assertEquals(queued, k.af.poll(r, Poll.POLLIN, 0, queued.wakes()).join(), "timeout 0: the current mask");
        CompletableFuture<Revents> edge = k.af.poll(r, Poll.POLLIN, -1, queued.wakes());
        assertFalse(edge.isDone(), "readable, but the wake-up was seen: it sleeps");
        k.sendto(sender, s, text("two"), 0, nl(4700000, 0));
        assertTrue(edge.isDone());
        assertEquals(Poll.POLLIN, edge.join().mask() & Poll.POLLIN);
        assertTrue(edge.join().wakes() > queued.wakes());
    }

    private AfNetlink.Received closeWhileWaiting(long r) {
        CompletableFuture<AfNetlink.Received> waiting = k.af.recvmsg(r, 100, 0, false);
        k.af.release(r);
        return waiting.join();
    }

    @Test
    void usersockMulticastReachesMembersButNotTheSender() {
        Cred c = root(20);
        long m = k.socket(c, USERSOCK);
        k.bind(c, m, 4400000, 1);
        long s = k.socket(c, USERSOCK);
        k.bind(c, s, 4400001, 3);
        assertEquals(ERRNO_ECONNREFUSED, k.sendto(c, s, text("m1"), 0, nl(0, 1)).errno(),
                "the group gets its copy, then the unicast to portid 0 finds no kernel socket");
        AfNetlink.Received got = k.recv(m);
        assertArrayEquals(text("m1"), got.data());
        assertEquals(new SockaddrNl(4400001, 1), SockaddrNl.decode(got.addr()));
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
        assertEquals(2, k.sendto(c, s, text("m2"), 0, nl(4400000, 1)).ret());
        assertArrayEquals(text("m2"), k.recv(m).data());
        assertEquals(ERRNO_EAGAIN, k.recv(m).errno(), "the unicast target is left out of the broadcast");
        assertEquals(2, k.published.size(), "each broadcast also goes to the other instances");
        MulticastBus.Multicast first = k.published.get(0);
        assertEquals(java.util.List.of(USERSOCK, 2L, 1, 4400001, 0),
                java.util.List.of(first.protocol(), first.netns(), first.group(), first.portid(), first.excludePortid()));
        assertEquals(4400000, k.published.get(1).excludePortid());
    }
}
