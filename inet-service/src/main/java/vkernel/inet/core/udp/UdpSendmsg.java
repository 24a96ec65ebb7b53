package vkernel.inet.core.udp;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.Results;
import vkernel.inet.core.fib.IpRoute;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.Sock;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.Socket;

/**
 * udp_sendmsg (net/ipv4/udp.c): size and flag checks, the destination (given, or the
 * connected peer: EDESTADDRREQ without one), the route (ENETUNREACH, EACCES for a
 * broadcast without SO_BROADCAST), then the datagram built (a pending error or a shut
 * sending side stop it here) and delivered. UDP_CORK and MSG_MORE gather one datagram
 * over several sends. UDP never sleeps on lo: what is sent is freed at once.
 */
public final class UdpSendmsg {
    /** The most a datagram may carry: 0xFFFF less the IP and UDP headers. */
    static final int MAX_PAYLOAD = 0xffff - 20 - 8;

    private UdpSendmsg() {}

    public static Results.Send sendmsg(UdpSock sk, byte[] data, int flags, byte[] uaddr) {
        Trace t = sk.net.trace().child("udp_sendmsg").object("sock", sk.id).field("len", data.length);
        Results.Send r = send(sk, data, flags, uaddr);
        t.end(r.ret(), r.errno());
        return r;
    }

    private static Results.Send send(UdpSock sk, byte[] data, int flags, byte[] uaddr) {
        if (data.length > 0xffff) {
            return Results.Send.error(Errno.ERRNO_EMSGSIZE);
        }
        if ((flags & Socket.MSG_OOB) != 0) {
            return Results.Send.error(Errno.ERRNO_EOPNOTSUPP);
        }
        boolean corkreq = sk.cork || (flags & Socket.MSG_MORE) != 0;
        if (sk.pending) {
            return appendPending(sk, data, corkreq);
        }
        int daddr;
        int dport;
        boolean connected = false;
        if (uaddr.length > 0) {
            if (uaddr.length < SockaddrIn.SIZE) {
                return Results.Send.error(Errno.ERRNO_EINVAL);
            }
            int family = Addr.family(uaddr);
            if (family != Addr.AF_INET && family != Addr.AF_UNSPEC) {
                return Results.Send.error(Errno.ERRNO_EAFNOSUPPORT);
            }
            SockaddrIn usin = SockaddrIn.decode(uaddr);
            daddr = usin.addr();
            dport = usin.port();
            if (dport == 0) {
                return Results.Send.error(Errno.ERRNO_EINVAL);
            }
        } else {
            if (sk.state != TcpStates.TCP_ESTABLISHED) {
                return Results.Send.error(Errno.ERRNO_EDESTADDRREQ);
            }
            daddr = sk.inetDaddr;
            dport = sk.inetDport;
            connected = true;
        }
        int scope = sk.dontroute || (flags & Socket.MSG_DONTROUTE) != 0 ? Rtnetlink.RT_SCOPE_LINK : Rtnetlink.RT_SCOPE_UNIVERSE;
        int oif = sk.boundDevIf != 0 ? sk.boundDevIf : (Addr.isMulticast(daddr) ? sk.mcIndex : sk.ucIndex);
        IpRoute.Rtable rt = IpRoute.output(sk.net, daddr, sk.inetSaddr, oif, scope);
        if (!rt.ok()) {
            return Results.Send.error(rt.errno());
        }
        if (rt.broadcast() && !sk.broadcast) {
            return Results.Send.error(Errno.ERRNO_EACCES);
        }
        if (connected && scope == Rtnetlink.RT_SCOPE_UNIVERSE) {
            sk.dstCached = true; // sk_dst_set
        }
        if (corkreq) {
            sk.pending = true;
            sk.pendingDaddr = rt.daddr();
            sk.pendingDport = dport;
            sk.pendingSaddr = rt.saddr();
            sk.pendingData.reset();
            return appendPending(sk, data, true);
        }
        Errno e = makeSkb(sk, data.length);
        if (e != Errno.ERRNO_UNSPECIFIED) {
            return Results.Send.error(e);
        }
        sendSkb(sk, data, rt.saddr(), rt.daddr(), dport, rt);
        return Results.Send.ok(data.length);
    }

    /** ip_make_skb's checks: the size, then sock_alloc_send_skb's pending error and shut sending side. */
    private static Errno makeSkb(UdpSock sk, int total) {
        if (total > MAX_PAYLOAD) {
            return Errno.ERRNO_EMSGSIZE;
        }
        int err = sk.sockError();
        if (err != 0) {
            return Results.errno(err);
        }
        if ((sk.shutdown & Sock.SEND_SHUTDOWN) != 0) {
            return Errno.ERRNO_EPIPE;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** ip_append_data onto the corked datagram; sent when the cork comes off (udp_push_pending_frames). */
    private static Results.Send appendPending(UdpSock sk, byte[] data, boolean stillCorked) {
        Errno e = makeSkb(sk, sk.pendingData.size() + data.length);
        if (e != Errno.ERRNO_UNSPECIFIED) {
            return Results.Send.error(e);
        }
        sk.pendingData.writeBytes(data);
        if (!stillCorked) {
            pushPending(sk);
        }
        return Results.Send.ok(data.length);
    }

    /** udp_push_pending_frames. */
    static void pushPending(UdpSock sk) {
        if (!sk.pending) {
            return;
        }
        sk.pending = false;
        byte[] data = sk.pendingData.toByteArray();
        sk.pendingData.reset();
        IpRoute.Rtable rt = IpRoute.output(sk.net, sk.pendingDaddr, sk.pendingSaddr, 0, Rtnetlink.RT_SCOPE_UNIVERSE);
        if (rt.ok()) {
            sendSkb(sk, data, sk.pendingSaddr, sk.pendingDaddr, sk.pendingDport, rt);
        }
    }

    /** udp_send_skb: on lo a datagram for a local or broadcast address arrives at once; others are lost. */
    private static void sendSkb(UdpSock sk, byte[] data, int saddr, int daddr, int dport, IpRoute.Rtable rt) {
        if (!rt.deliversLocally()) {
            return;
        }
        Udp.deliver(sk.net, sk.protocol, Datagram.of(data, saddr, sk.inetSport, daddr, dport), rt);
    }
}
