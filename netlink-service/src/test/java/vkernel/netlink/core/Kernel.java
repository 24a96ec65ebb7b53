package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Capability;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;

/** A netlink core with a fake route service, a recording bus and a hand-driven clock, for tests. */
final class Kernel {
    static final long ROOT = Capability.CAP_FULL_SET;
    static final String INET = "inet:7003";

    final FakeRouteService inet = new FakeRouteService();
    final List<MulticastBus.Multicast> published = new ArrayList<>();
    long now = 1_000_000;
    final StateChanges changes;
    final RtnlHandlerTable handlers;
    final AfNetlink af;

    Kernel() {
        this(StateChanges.DISCARD);
    }

    /** A kernel whose tables record their changes in changes. */
    Kernel(StateChanges changes) {
        this.changes = changes;
        this.handlers = new RtnlHandlerTable(3000, changes);
        this.af = new AfNetlink(handlers, inet, published::add, new Random(42), () -> now, changes);
    }

    /** inet-service's rows: PF_INET RTM_NEWROUTE, RTM_DELROUTE doit; RTM_GETROUTE doit+dumpit. */
    Kernel withInet() {
        assertEquals(Errno.ERRNO_UNSPECIFIED, handlers.register(List.of(
                new RtnlHandlerTable.Spec(Socket.AF_INET, 24, true, false),
                new RtnlHandlerTable.Spec(Socket.AF_INET, 25, true, false),
                new RtnlHandlerTable.Spec(Socket.AF_INET, 26, true, true)), INET, "inet-1", now));
        return this;
    }

    static Cred task(int pid, long caps) {
        return Cred.newBuilder().setPid(pid).setUid(caps == ROOT ? 0 : 1000).setCapEffective(caps).setNetns(2).build();
    }

    static Cred root(int pid) {
        return task(pid, ROOT);
    }

    long socket(Cred c, int protocol) {
        AfNetlink.Created r = af.create(c, Socket.SOCK_RAW, protocol, 100, Trace.NONE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        return r.sock();
    }

    static byte[] nl(int portid, int groups) {
        return new SockaddrNl(portid, groups).encode();
    }

    Errno bind(Cred c, long sk, int portid, int groups) {
        return af.bind(c, sk, nl(portid, groups), Trace.NONE);
    }

    SockaddrNl name(long sk) {
        return SockaddrNl.decode(af.getname(sk, false).addr());
    }

    SockaddrNl peer(long sk) {
        return SockaddrNl.decode(af.getname(sk, true).addr());
    }

    AfNetlink.Sent sendto(Cred c, long sk, byte[] data, int flags, byte[] addr) {
        CompletableFuture<AfNetlink.Sent> f = af.sendmsg(c, sk, data, flags, addr, false, Trace.NONE);
        assertTrue(f.isDone(), "sendmsg must not block here");
        return f.join();
    }

    /** sendto the kernel (nl:0:0). */
    AfNetlink.Sent toKernel(Cred c, long sk, byte[] data) {
        return sendto(c, sk, data, 0, nl(0, 0));
    }

    AfNetlink.Received recv(long sk, long len, int flags) {
        CompletableFuture<AfNetlink.Received> f = af.recvmsg(sk, len, flags | Socket.MSG_DONTWAIT, false);
        assertTrue(f.isDone());
        return f.join();
    }

    /** Sends to the kernel, then receives the first answer. */
    AfNetlink.Received recvAfter(long sk, byte[] request) {
        AfNetlink.Sent sent = af.sendmsg(Cred.getDefaultInstance().toBuilder().setPid(1).setCapEffective(ROOT).build(),
                sk, request, 0, nl(0, 0), false, Trace.NONE).join();
        assertEquals(Errno.ERRNO_UNSPECIFIED, sent.errno());
        return recv(sk);
    }

    AfNetlink.Received recv(long sk) {
        return recv(sk, 65536, 0);
    }

    Errno setsockopt(Cred c, long sk, int level, int optname, int value) {
        byte[] v = new byte[4];
        Le.put32(v, 0, value);
        return af.setsockopt(c, sk, level, optname, v);
    }

    int getsockoptInt(long sk, int level, int optname) {
        SockOptions.Value v = af.getsockopt(sk, level, optname, 4);
        assertEquals(Errno.ERRNO_UNSPECIFIED, v.errno());
        return Le.s32(java.util.Arrays.copyOf(v.bytes(), 4), 0);
    }

    // --- messages ---

    static byte[] rtmsg(int family, int dstLen, int table) {
        byte[] b = new byte[12];
        b[0] = (byte) family;
        b[1] = (byte) dstLen;
        b[4] = (byte) table;
        b[5] = 4;
        b[6] = (byte) 253;
        b[7] = 1;
        return b;
    }

    /** nlroute's RTM_NEWROUTE/RTM_DELROUTE of 10.N.0.0/16 dev 1: 44 bytes. */
    static byte[] route(int type, int seq, int net, int extraFlags) {
        byte[] body = new byte[12 + 8 + 8];
        System.arraycopy(rtmsg(2, 16, 254), 0, body, 0, 12);
        Le.put16(body, 12, 8);
        Le.put16(body, 14, 1);
        body[16] = 10;
        body[17] = (byte) net;
        Le.put16(body, 20, 8);
        Le.put16(body, 22, 4);
        Le.put32(body, 24, 1);
        int flags = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | extraFlags;
        if (type == 24) {
            flags |= 0x400 | 0x200;
        }
        return NlMsgBuilder.put(type, flags, seq, 0, body);
    }

    static byte[] dumpRequest(int seq, int family) {
        return NlMsgBuilder.put(26, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq, 0, rtmsg(family, 0, 0));
    }

    static byte[] noop(int seq) {
        return NlMsgBuilder.put(Netlink.NLMSG_NOOP, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, 0, new byte[0]);
    }
}
