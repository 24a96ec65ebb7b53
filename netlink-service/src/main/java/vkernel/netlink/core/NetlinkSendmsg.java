package vkernel.netlink.core;

import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SleepingCall;
import vkernel.netlink.core.AfNetlink.Sent;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;

/**
 * netlink_sendmsg and netlink_unicast (net/netlink/af_netlink.c). The checks in the
 * kernel's order: MSG_OOB, an empty message (ENODATA), the address (EINVAL, and EPERM
 * for a portid or group without NL_CFG_F_NONROOT_SEND or CAP_NET_ADMIN), autobind,
 * sk_sndbuf - 32 (EMSGSIZE). A group gets its copy first; then the unicast to
 * dst_portid: the kernel socket runs its input, a user socket queues the datagram or
 * makes the sender wait for room (EAGAIN when it may not), no one is ECONNREFUSED.
 */
final class NetlinkSendmsg {
    private final AfNetlink af;
    private final NetlinkKernelRcv kernel;

    NetlinkSendmsg(AfNetlink af, NetlinkKernelRcv kernel) {
        this.af = af;
        this.kernel = kernel;
    }

    /** What the checks decided: an error, the kernel input, or a user sock to queue on. */
    private record Prepared(Sent error, NetlinkKernelRcv.Input kernel, NetlinkSock target, NetlinkSock sk,
            int dstPortid, int dstGroup) {}

    CompletableFuture<Sent> sendmsg(Cred cred, long sock, byte[] data, int flags, byte[] addr, boolean nonblock,
            Trace t) {
        Prepared p;
        try {
            synchronized (af.lock) {
                p = prepare(cred, sock, data, flags, addr, t);
            }
        } finally {
            af.flushWakes();
        }
        if (p.error() != null) {
            return CompletableFuture.completedFuture(p.error());
        }
        Trace u = t.child("netlink_unicast").field("portid", Integer.toUnsignedString(p.dstPortid()))
                .field("len", data.length);
        if (p.kernel() != null) {
            return kernel.rcv(p.kernel(), u).handle((v, ex) -> {
                Sent s = ex == null ? new Sent(data.length, Errno.ERRNO_UNSPECIFIED) : Sent.error(Errno.ERRNO_EINTR);
                u.end(s.ret(), s.errno());
                return s;
            });
        }
        return unicastUser(p, data, flags, nonblock, u);
    }

    private Prepared prepare(Cred cred, long sock, byte[] data, int flags, byte[] addr, Trace t) {
        NetlinkSock sk = af.table.sock(sock);
        if (sk == null) {
            return fail(Errno.ERRNO_EBADF);
        }
        if ((flags & Socket.MSG_OOB) != 0) {
            return fail(Errno.ERRNO_EOPNOTSUPP);
        }
        if (data.length == 0) {
            return fail(Errno.ERRNO_ENODATA);
        }
        int dstPortid;
        int dstGroup;
        if (addr.length != 0) {
            if (addr.length < SockaddrNl.SIZE || Le.u16(addr, 0) != Socket.AF_NETLINK) {
                return fail(Errno.ERRNO_EINVAL);
            }
            dstPortid = Le.s32(addr, 4);
            dstGroup = NetlinkBind.ffs(Le.s32(addr, 8));
            if ((dstGroup != 0 || dstPortid != 0)
                    && !NetlinkBind.allowed(sk, NetlinkKernelCfg.NL_CFG_F_NONROOT_SEND, cred.getCapEffective())) {
                return fail(Errno.ERRNO_EPERM);
            }
        } else {
            dstPortid = sk.dstPortid;
            dstGroup = sk.dstGroup;
        }
        if (!sk.bound) {
            Errno e = NetlinkAutobind.autobind(af.table, sk, cred.getPid(), af.random, t);
            af.journal.sock(sk);
            if (e != Errno.ERRNO_UNSPECIFIED) {
                return fail(e);
            }
        }
        if (data.length > (long) sk.sndbuf - 32) {
            return fail(Errno.ERRNO_EMSGSIZE);
        }
        t.object("sock", sk.id).field("portid", sk.portid).field("dst_portid", Integer.toUnsignedString(dstPortid))
                .field("dst_group", dstGroup);
        if (dstGroup != 0) {
            Skb copy = new Skb(data, sk.portid, dstGroup, Skb.userTruesize(data.length, true));
            NetlinkMulticast.broadcast(af, sk.netns, sk.protocol, copy, dstPortid, sk, true, t);
        }
        NetlinkKernelCfg cfg = NetlinkProtocols.get(sk.protocol);
        if (dstPortid == 0 && cfg.hasKernelSocket(sk.netns)) {
            if (cfg.input() == NetlinkKernelCfg.KernelInput.NONE) {
                return fail(Errno.ERRNO_ECONNREFUSED); // a kernel socket without netlink_rcv
            }
            return new Prepared(null, new NetlinkKernelRcv.Input(sk, cred, sk.netns, sk.protocol, sk.portid, data),
                    null, sk, dstPortid, dstGroup);
        }
        NetlinkSock target = NetlinkDeliver.getsockbyportid(af.table, sk.netns, sk.protocol, dstPortid, sk.portid);
        if (target == null) {
            return fail(Errno.ERRNO_ECONNREFUSED);
        }
        return new Prepared(null, null, target, sk, dstPortid, dstGroup);
    }

    private static Prepared fail(Errno e) {
        return new Prepared(Sent.error(e), null, null, null, 0, 0);
    }

    /** netlink_unicast to a user sock: netlink_attachskb, sleeping on its nlk->wait while full. */
    private CompletableFuture<Sent> unicastUser(Prepared p, byte[] data, int flags, boolean nonblock, Trace u) {
        NetlinkSock sk = p.sk();
        // One skb for both the group and the unicast: allocated as a broadcast when there is a group.
        Skb skb = new Skb(data, sk.portid, p.dstGroup(), Skb.userTruesize(data.length, p.dstGroup() != 0));
        long timeout = sk.sndTimeoutMillis(nonblock || (flags & Socket.MSG_DONTWAIT) != 0);
        CompletableFuture<Sent> out = new CompletableFuture<>();
        SleepingCall.run(af.lock, p.target().nlkWait, timeout, () -> {
            NetlinkSock target = NetlinkDeliver.getsockbyportid(af.table, sk.netns, sk.protocol, p.dstPortid(),
                    sk.portid);
            if (target == null) {
                return Sent.error(Errno.ERRNO_ECONNREFUSED);
            }
            if (!NetlinkDeliver.hasRoom(target, skb.truesize())) {
                return null;
            }
            NetlinkDeliver.sendskb(af, target, skb);
            return new Sent(data.length, Errno.ERRNO_UNSPECIFIED);
        }, () -> Sent.error(Errno.ERRNO_EAGAIN), () -> Sent.error(Errno.ERRNO_EINTR), s -> {
            af.flushWakes();
            u.end(s.ret(), s.errno());
            out.complete(s);
        });
        af.flushWakes();
        return out;
    }
}
