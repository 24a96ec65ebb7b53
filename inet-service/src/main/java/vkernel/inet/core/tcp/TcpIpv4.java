package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpSegment.*;
import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.SockCommon;
import vkernel.inet.core.Timers;
import vkernel.inet.core.fib.IpRoute;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrIn;

/**
 * net/ipv4/tcp_ipv4.c: tcp_v4_connect (route, source address and port, SYN), and
 * tcp_v4_rcv's demultiplexing of an arriving segment to the established sock, the
 * request or TIME_WAIT sock of its 4-tuple, or a listener, else a reset; with the
 * listener's side of the handshake (tcp_conn_request, tcp_check_req, tcp_v4_syn_recv_sock).
 */
public final class TcpIpv4 {
    /** TCP_TIMEOUT_INIT: the first SYN retransmission. */
    static final long TIMEOUT_INIT_MILLIS = 1000;
    /** TCP_RTO_MAX. */
    static final long RTO_MAX_MILLIS = 120_000;

    private TcpIpv4() {}

    /** tcp_v4_connect: the caller checked sock->state; the SYN goes out when the backlog drains. */
    public static Errno connect(TcpSock sk, byte[] uaddr) {
        Addr.Parsed p = Addr.parse(uaddr);
        if (!p.ok()) {
            return p.errno();
        }
        if (p.family() != Addr.AF_INET) {
            return Errno.ERRNO_EAFNOSUPPORT;
        }
        SockaddrIn usin = p.sin();
        IpRoute.Rtable rt = IpRoute.output(sk.net, usin.addr(), sk.inetSaddr, sk.boundDevIf, Rtnetlink.RT_SCOPE_UNIVERSE);
        if (!rt.ok()) {
            return rt.errno();
        }
        if (rt.broadcast() || rt.multicast()) {
            return Errno.ERRNO_ENETUNREACH;
        }
        if (sk.inetSaddr == 0) {
            sk.inetSaddr = rt.saddr();
        }
        sk.inetRcvSaddr = sk.inetSaddr;
        sk.inetDport = usin.port();
        sk.inetDaddr = rt.daddr();
        sk.mssCache = (sk.userMss != 0 ? sk.userMss : TcpSock.TCP_MSS_DEFAULT) - 12;
        TcpClose.setState(sk, TCP_SYN_SENT);
        if (!sk.net.tcpHashinfo().hashConnect(sk)) {
            TcpClose.setState(sk, TCP_CLOSE);
            resetSaddr(sk);
            sk.inetDport = 0;
            return Errno.ERRNO_EADDRNOTAVAIL;
        }
        sk.retransmits = 0;
        sk.dstCached = true; // sk_setup_caps
        TcpOutput.connect(sk);
        armSynRetransmit(sk, TIMEOUT_INIT_MILLIS);
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** inet_bhash2_reset_saddr: forget a source address the sock did not bind. */
    static void resetSaddr(InetSock sk) {
        if ((sk.userlocks & InetSock.SOCK_BINDADDR_LOCK) == 0) {
            sk.inetSaddr = 0;
            sk.inetRcvSaddr = 0;
        }
    }

    /** tcp_retransmit_timer for a SYN: again after RTO, doubling; ETIMEDOUT after the retries. */
    static void armSynRetransmit(TcpSock sk, long rto) {
        armSynRetransmit(sk, rto, rto);
    }

    /** As above, the timer due after delay (a restore re-arms what is left of rto). */
    static void armSynRetransmit(TcpSock sk, long delay, long rto) {
        sk.net.journal().sock(sk);
        sk.retransmitTimer.cancel();
        sk.retransmitTimer = sk.net.timer(delay, "tcp_retransmit_timer", () -> {
            if (sk.state != TCP_SYN_SENT) {
                return;
            }
            int retries = sk.synRetries != 0 ? sk.synRetries : sk.net.tcpSynRetries();
            if (sk.retransmits >= retries) {
                sk.err = sk.errSoft != 0 ? sk.errSoft : Errno.ERRNO_ETIMEDOUT_VALUE;
                TcpClose.done(sk);
                sk.wake();
                return;
            }
            sk.retransmits++;
            TcpOutput.connect(sk);
            armSynRetransmit(sk, Math.min(rto * 2, RTO_MAX_MILLIS));
            sk.net.drain();
        });
    }

    /** tcp_v4_rcv: find who the segment is for. */
    static void rcv(Net net, TcpSegment seg) {
        InetHashinfo h = net.tcpHashinfo();
        SockCommon sk = h.lookupEstablished(seg.saddr(), seg.sport(), seg.daddr(), seg.dport());
        if (sk instanceof TcpSock tsk) {
            net.journal().sock(tsk);
            tsk.segsIn++;
            if (TcpInput.rcvStateProcess(tsk, seg)) {
                TcpOutput.sendReset(net, seg);
            }
            return;
        }
        if (sk instanceof RequestSock req) {
            checkReq(net, req, seg);
            return;
        }
        if (sk instanceof InetTimewaitSock tw) {
            if (TcpMinisocks.timewaitStateProcess(tw, seg)) {
                return;
            }
            // TCP_TW_SYN: a new connection may reuse the 4-tuple
        }
        TcpSock listener = h.lookupListener(seg.saddr(), seg.sport(), seg.daddr(), seg.dport());
        if (listener != null) {
            net.journal().sock(listener);
            listener.segsIn++;
            if (listenRcv(listener, seg)) {
                TcpOutput.sendReset(net, seg);
            }
            return;
        }
        TcpOutput.sendReset(net, seg);
    }

    /** tcp_rcv_state_process in LISTEN: a SYN starts a handshake; an ACK with no request is reset. */
    private static boolean listenRcv(TcpSock listener, TcpSegment seg) {
        if (seg.has(ACK)) {
            return true;
        }
        if (seg.has(RST)) {
            return false;
        }
        if (seg.has(SYN)) {
            connRequest(listener, seg);
        }
        return false;
    }

    /** tcp_conn_request: a full accept queue drops the SYN; else a request sock and a SYN-ACK. */
    private static void connRequest(TcpSock listener, TcpSegment seg) {
        Net net = listener.net;
        Trace t = net.trace().child("tcp_conn_request").object("sock", listener.id)
                .field("peer", Addr.format(seg.saddr(), seg.sport()));
        if (listener.acceptqIsFull()) {
            t.field("drop", "LISTEN_OVERFLOW").end();
            return;
        }
        RequestSock req = new RequestSock(listener, seg.daddr(), seg.dport(), seg.saddr(), seg.sport(), seg.mss(),
                seg.window());
        net.tcpHashinfo().ehashAdd(req);
        Loopback.xmit(net, TcpSegment.control(seg.daddr(), seg.dport(), seg.saddr(), seg.sport(), SYN | ACK,
                listener.receiveWindow(), false, listener.advertisedMss()));
        t.end();
    }

    /** tcp_check_req: the handshake's ACK makes the child; a reset drops the request. */
    private static void checkReq(Net net, RequestSock req, TcpSegment seg) {
        TcpSock listener = req.listener;
        if (seg.has(RST)) {
            net.tcpHashinfo().ehashRemove(req);
            return;
        }
        if (seg.has(SYN) && !seg.has(ACK)) {
            Loopback.xmit(net, TcpSegment.control(req.localAddr, req.localPort, req.remoteAddr, req.remotePort,
                    SYN | ACK, listener.receiveWindow(), false, listener.advertisedMss()));
            return;
        }
        if (!seg.has(ACK)) {
            return;
        }
        if (listener.state != TCP_LISTEN) {
            net.tcpHashinfo().ehashRemove(req);
            TcpOutput.sendReset(net, seg);
            return;
        }
        if (listener.acceptqIsFull()) {
            // listen overflow: the ACK is dropped, the request waits for the peer to try again
            net.trace().child("tcp_v4_syn_recv_sock").object("sock", listener.id).field("drop", "LISTEN_OVERFLOW").end();
            return;
        }
        TcpSock child = synRecvSock(listener, req);
        net.tcpHashinfo().ehashRemove(req);
        net.tcpHashinfo().ehashAdd(child);
        listener.acceptQueue.addLast(child);
        listener.ackBacklog++;
        child.parent = listener;
        net.journal().sock(child);
        net.journal().sock(listener);
        TcpInput.rcvStateProcess(child, seg);
        listener.wake();
    }

    /** tcp_v4_syn_recv_sock → tcp_create_openreq_child: a copy of the listener for the new connection. */
    private static TcpSock synRecvSock(TcpSock listener, RequestSock req) {
        Net net = listener.net;
        Cred owner = Cred.newBuilder().setUid(listener.uid).setNetns(net.id).build();
        TcpSock child = new TcpSock(net.nextSockId(), net, listener.type, listener.protocol, 0, owner, listener.prot);
        Trace t = net.trace().child("tcp_create_openreq_child").object("sock", child.id).object("listener", listener.id);
        SockClone.copy(listener, child);
        child.passive = true;
        child.inetRcvSaddr = req.localAddr;
        child.inetSaddr = req.localAddr;
        child.inetSport = req.localPort;
        child.inetDaddr = req.remoteAddr;
        child.inetDport = req.remotePort;
        child.sndWnd = req.peerWindow;
        child.rcvWnd = child.receiveWindow(); // what the SYN-ACK advertised
        child.rcvWup = child.rcvNxt;
        child.peerMss = req.peerMss;
        child.state = TCP_SYN_RECV;
        child.dstCached = true; // inet_csk_route_child_sock
        child.mcTtl = ackTtl(net, req);
        InetBindBucket tb = net.tcpHashinfo().bindBucketOf(listener);
        if (tb != null) {
            net.tcpHashinfo().bindHash(child, tb, listener.inetNum); // __inet_inherit_port
        }
        t.field("sk_state", TcpStates.name(TCP_SYN_RECV)).end();
        return child;
    }

    /**
     * The TTL of the handshake's ACK, which tcp_v4_syn_recv_sock keeps as the child's
     * mc_ttl: over loopback the sender is a sock of this namespace, and its IP_TTL is it.
     */
    private static int ackTtl(Net net, RequestSock req) {
        SockCommon peer = net.tcpHashinfo().lookupEstablished(req.localAddr, req.localPort, req.remoteAddr, req.remotePort);
        if (peer instanceof InetSock p && p.ucTtl >= 0) {
            return p.ucTtl;
        }
        return net.ipDefaultTtl();
    }

    /** Stops the SYN retransmissions and records the peer's MSS when the connection is up. */
    static void finishConnect(TcpSock sk, TcpSegment synack) {
        sk.retransmitTimer.cancel();
        sk.retransmitTimer = Timers.NOTHING;
        sk.peerMss = synack.mss();
    }
}
