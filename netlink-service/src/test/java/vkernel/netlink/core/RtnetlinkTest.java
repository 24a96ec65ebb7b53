package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.dumpRequest;
import static vkernel.netlink.core.Kernel.noop;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.route;
import static vkernel.netlink.core.Kernel.task;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/** netlink_rcv_skb + rtnetlink_rcv_msg with a fake route service: acks, dispatch, permissions. */
class RtnetlinkTest {
    private final Kernel k = new Kernel().withInet();
    private final Cred a = root(100);

    private static NlMsgHdr hdr(byte[] b) {
        return NlMsgHdr.peek(b, 0);
    }

    private static int error(byte[] ack) {
        assertEquals(Netlink.NLMSG_ERROR, hdr(ack).type());
        return -Le.s32(ack, 16);
    }

    /** Scenario 45/46/47: acked add, EEXIST on a second exclusive add, ESRCH on a missing delete. */
    @Test
    void routeChangesAreAcked() {
        long s = k.socket(a, 0);
        assertEquals(44, k.toKernel(a, s, route(24, 1, 2, 0)).ret());
        byte[] ack = k.recv(s).data();
        assertEquals(36, ack.length);
        assertEquals(new NlMsgHdr(36, Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, 1, 100), hdr(ack));
        assertEquals(0, error(ack));
        k.toKernel(a, s, route(24, 2, 2, 0));
        byte[] eexist = k.recv(s).data();
        assertEquals(64, eexist.length);
        assertEquals(ERRNO_EEXIST.getNumber(), error(eexist));
        assertArrayEquals(route(24, 2, 2, 0), java.util.Arrays.copyOfRange(eexist, 20, 64));
        k.toKernel(a, s, route(25, 3, 3, 0));
        assertEquals(ERRNO_ESRCH.getNumber(), error(k.recv(s).data()));
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
        SockaddrNl from = SockaddrNl.decode(k.recvAfter(s, route(25, 4, 2, 0)).addr());
        assertEquals(new SockaddrNl(0, 0), from, "acks come from the kernel");
    }

    /** Scenario 49: changes need CAP_NET_ADMIN; the service never sees the request. */
    @Test
    void anUnprivilegedAddIsEperm() {
        Cred user = task(300, 0);
        long s = k.socket(user, 0);
        k.toKernel(user, s, route(24, 1, 5, 0));
        byte[] ack = k.recv(s).data();
        assertEquals(64, ack.length);
        assertEquals(ERRNO_EPERM.getNumber(), error(ack));
        assertTrue(k.inet.calls.isEmpty());
        k.toKernel(user, s, dumpRequest(2, 2));
        assertEquals(List.of("dumpit inet:7003"), k.inet.calls, "GET is for everyone");
    }

    /** Scenario 48: another task's change reaches a group member; its own notification comes before its ack. */
    @Test
    void notificationsReachMembersBeforeTheAck() {
        Cred listener = root(200);
        long l = k.socket(listener, 0);
        k.bind(listener, l, 0, 64);
        long s = k.socket(a, 0);
        k.bind(a, s, 0, 64);
        k.toKernel(a, s, route(24, 1, 4, 0));
        AfNetlink.Received n = k.recv(l);
        assertEquals(52, n.ret());
        assertEquals(new SockaddrNl(0, 64), SockaddrNl.decode(n.addr()));
        assertEquals(FakeRouteService.RTM_NEWROUTE, hdr(n.data()).type());
        assertEquals(FakeRouteService.RTM_NEWROUTE, hdr(k.recv(s).data()).type(), "own notification first");
        assertEquals(Netlink.NLMSG_ERROR, hdr(k.recv(s).data()).type());
        MulticastBus.Multicast m = k.published.get(0);
        assertEquals(List.of(0, 2L, 7, 0, 0), List.of(m.protocol(), m.netns(), m.group(), m.portid(), m.excludePortid()));
        // NLM_F_ECHO: the sender gets one copy, as a reply.
        k.toKernel(a, s, route(25, 2, 4, Netlink.NLM_F_ECHO));
        assertEquals(FakeRouteService.RTM_DELROUTE, hdr(k.recv(s).data()).type());
        assertEquals(Netlink.NLMSG_ERROR, hdr(k.recv(s).data()).type());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
        assertEquals(FakeRouteService.RTM_DELROUTE, hdr(k.recv(l).data()).type());
    }

    @Test
    void aMemberThatNeverBoundIsLeftOut() {
        long unbound = k.socket(a, 0);
        k.setsockopt(a, unbound, vkernel.uapi.Socket.SOL_NETLINK, vkernel.uapi.Netlink.NETLINK_ADD_MEMBERSHIP, 7);
        Cred b = root(201);
        long s = k.socket(b, 0);
        k.toKernel(b, s, route(24, 1, 6, 0));
        assertEquals(ERRNO_EAGAIN, k.recv(unbound).errno(), "do_one_broadcast skips portid 0 = excluded portid 0");
    }

    @Test
    void controlMessagesAndNonRequestsAreOnlyAcked() {
        long s = k.socket(a, 0);
        k.toKernel(a, s, noop(7));
        assertEquals(new NlMsgHdr(36, 2, Netlink.NLM_F_CAPPED, 7, 100), hdr(k.recv(s).data()));
        byte[] notRequest = NlMsgBuilder.put(26, Netlink.NLM_F_ACK, 5, 0, Kernel.rtmsg(2, 0, 0));
        k.toKernel(a, s, notRequest);
        assertEquals(0, error(k.recv(s).data()));
        k.toKernel(a, s, NlMsgBuilder.put(26, Netlink.NLM_F_REQUEST, 6, 0, Kernel.rtmsg(2, 0, 0)));
        assertEquals(FakeRouteService.RTM_NEWROUTE, hdr(k.recv(s).data()).type(), "the doit's unicast reply");
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno(), "and no ack: it succeeded and NLM_F_ACK was not set");
        assertTrue(k.inet.calls.contains("doit inet:7003"));
    }

    @Test
    void typesLengthsAndMissingHandlers() {
        long s = k.socket(a, 0);
        int ack = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK;
        k.toKernel(a, s, NlMsgBuilder.put(24, ack, 1, 0, new byte[0]));
        assertEquals(0, error(k.recv(s).data()), "a message without its rtgenmsg is ignored");
        k.toKernel(a, s, NlMsgBuilder.put(123, ack, 2, 0, new byte[0]));
        assertEquals(0, error(k.recv(s).data()));
        k.toKernel(a, s, NlMsgBuilder.put(124, ack, 3, 0, new byte[0]));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()), "past RTM_MAX");
        k.toKernel(a, s, NlMsgBuilder.put(16, ack, 4, 0, new byte[16]));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()), "no RTM_NEWLINK handler");
        k.toKernel(a, s, NlMsgBuilder.put(24, ack, 5, 0, Kernel.rtmsg(10, 0, 0)));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()), "no PF_INET6 and no PF_UNSPEC row");
        k.toKernel(a, s, NlMsgBuilder.put(25, ack | Netlink.NLM_F_BULK, 6, 0, Kernel.rtmsg(2, 0, 0)));
        assertEquals(48, k.recv(s).ret(), "bulk delete: EOPNOTSUPP, no TLV without NETLINK_EXT_ACK");
        k.setsockopt(a, s, vkernel.uapi.Socket.SOL_NETLINK, vkernel.uapi.Netlink.NETLINK_EXT_ACK, 1);
        k.toKernel(a, s, NlMsgBuilder.put(25, ack | Netlink.NLM_F_BULK, 7, 0, Kernel.rtmsg(2, 0, 0)));
        byte[] ext = k.recv(s).data();
        assertEquals(48 + 36, ext.length);
        assertEquals(Netlink.NLM_F_ACK_TLVS, hdr(ext).flags());
    }

    @Test
    void walkStopsSilentlyAtABadLength() {
        long s = k.socket(a, 0);
        assertEquals(10, k.toKernel(a, s, new byte[10]).ret());
        assertEquals(16, k.toKernel(a, s, java.util.Arrays.copyOf(noop(1), 16)).ret());
        byte[] tooLong = noop(2);
        Le.put32(tooLong, 0, 100);
        k.toKernel(a, s, tooLong);
        byte[] tooShort = noop(3);
        Le.put32(tooShort, 0, 8);
        k.toKernel(a, s, tooShort);
        byte[] huge = noop(4);
        Le.put32(huge, 0, -1);
        k.toKernel(a, s, huge);
        // the first of these 16 bytes is acked: noop(1) fits
        assertEquals(0, error(k.recv(s).data()));
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
        byte[] two = new byte[36];
        byte[] first = java.util.Arrays.copyOf(NlMsgBuilder.put(1, 5, 21, 0, new byte[4]), 17);
        Le.put32(first, 0, 17);
        System.arraycopy(first, 0, two, 0, 17);
        System.arraycopy(noop(22), 0, two, 20, 16);
        k.toKernel(a, s, two);
        assertEquals(17, NlMsgHdr.peek(k.recv(s).data(), 20).len(), "the echo keeps nlmsg_len 17");
        assertEquals(22, hdr(k.recv(s).data()).seq(), "the next message starts NLMSG_ALIGN(17) = 20 on");
        byte[] trailing = java.util.Arrays.copyOf(noop(23), 24);
        k.toKernel(a, s, trailing);
        assertEquals(23, hdr(k.recv(s).data()).seq());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    @Test
    void aServiceThatDiedIsAMissingHandler() {
        long s = k.socket(a, 0);
        k.inet.gone = true;
        k.toKernel(a, s, route(24, 1, 8, 0));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()));
        assertEquals(0, k.handlers.size(), "its rows are dropped");
        k.inet.gone = false;
        k.toKernel(a, s, route(24, 2, 8, 0));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()));
    }

    /**
     * A row whose lease lapsed is a family service restarting (Linux's handlers never go while
     * the kernel runs): its calls still go there and wait for it. An unregistered row is gone.
     */
    @Test
    void aLapsedLeaseIsARestartingHandlerAndAnUnregisteredOneIsMissing() {
        long s = k.socket(a, 0);
        k.now += 3001;
        k.toKernel(a, s, route(24, 1, 9, 0));
        assertEquals(0, error(k.recv(s).data()), "served by the lapsed row's service");
        k.handlers.unregister("inet-1");
        k.toKernel(a, s, route(24, 2, 9, 0));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()));
        k.toKernel(a, s, dumpRequest(3, 2));
        assertEquals(ERRNO_EOPNOTSUPP.getNumber(), error(k.recv(s).data()));
    }

    @Test
    void overrunGivesEnobufsOnTheNextReceive() {
        Cred listener = root(200);
        long l = k.socket(listener, 0);
        k.bind(listener, l, 0, 64);
        k.setsockopt(listener, l, vkernel.uapi.Socket.SOL_SOCKET, vkernel.uapi.Socket.SO_RCVBUF, 0);
        long s = k.socket(a, 0);
        for (int i = 0; i < 5; i++) {
            k.toKernel(a, s, route(24, 10 + i, 30 + i, 0));
        }
        assertEquals(vkernel.uapi.Poll.POLLERR, k.af.poll(l, vkernel.uapi.Poll.POLLIN, 0, Revents.LEVEL).join().mask() & vkernel.uapi.Poll.POLLERR);
        assertEquals(ERRNO_ENOBUFS, k.recv(l).errno());
        assertEquals(52, k.recv(l).ret());
        assertEquals(52, k.recv(l).ret());
        assertEquals(ERRNO_EAGAIN, k.recv(l).errno());
        k.setsockopt(listener, l, vkernel.uapi.Socket.SOL_NETLINK, vkernel.uapi.Netlink.NETLINK_NO_ENOBUFS, 1);
        for (int i = 0; i < 5; i++) {
            k.toKernel(a, s, route(25, 20 + i, 30 + i, 0));
        }
        assertEquals(52, k.recv(l).ret());
        assertEquals(52, k.recv(l).ret());
        assertEquals(ERRNO_EAGAIN, k.recv(l).errno());
        // The sender's own acks overflow the same way (nlmsg_unicast never waits).
        k.setsockopt(a, s, vkernel.uapi.Socket.SOL_SOCKET, vkernel.uapi.Socket.SO_RCVBUF, 0);
        List<Errno> seen = new ArrayList<>();
        while (true) {
            AfNetlink.Received r = k.recv(s);
            if (r.errno() == ERRNO_EAGAIN) {
                break;
            }
        }
        for (int i = 0; i < 8; i++) {
            k.toKernel(a, s, noop(100 + i));
        }
        for (int i = 0; i < 4; i++) {
            seen.add(k.recv(s).errno());
        }
        assertEquals(List.of(ERRNO_ENOBUFS, ERRNO_UNSPECIFIED, ERRNO_UNSPECIFIED, ERRNO_EAGAIN), seen);
    }

    @Test
    void aSockConnectedElsewhereGetsNoAck() {
        long s = k.socket(a, 0);
        k.af.connect(a, s, Kernel.nl(4400000, 0), Trace.NONE);
        assertEquals(ERRNO_ECONNREFUSED, k.sendto(a, s, noop(1), 0, new byte[0]).errno());
        assertEquals(16, k.toKernel(a, s, noop(2)).ret());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }
}
