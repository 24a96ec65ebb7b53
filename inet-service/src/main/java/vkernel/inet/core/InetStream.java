package vkernel.inet.core;

import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.tcp.InetConnectionSock;
import vkernel.inet.core.tcp.TcpIpv4;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.Sock;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Socket;

/**
 * The connection-side socket calls of net/ipv4/af_inet.c: __inet_stream_connect (with
 * socket->state deciding EISCONN, EALREADY, EINPROGRESS), inet_listen, inet_accept
 * (inet_csk_accept) and inet_shutdown. Blocking parts are attempts for {@link Sleep}.
 */
final class InetStream {
    private InetStream() {}

    /** One connect in progress. */
    static final class Connect {
        final byte[] addr;
        boolean entered;
        Errno err = Errno.ERRNO_UNSPECIFIED;

        Connect(byte[] addr) {
            this.addr = addr;
        }
    }

    /** __inet_stream_connect: one attempt; null while the handshake is under way and the caller may wait. */
    static Results.Connect connectAttempt(TcpSock sk, Connect c, boolean mayBlock) {
        if (!c.entered) {
            c.entered = true;
            if (c.addr.length < 2) {
                return result(sk, Errno.ERRNO_EINVAL);
            }
            if (Addr.family(c.addr) == Addr.AF_UNSPEC) {
                Errno e = sk.prot.disconnect(sk);
                sk.socketState = e != Errno.ERRNO_UNSPECIFIED ? SocketState.SOCKET_STATE_SS_DISCONNECTING
                        : SocketState.SOCKET_STATE_SS_UNCONNECTED;
                return result(sk, e);
            }
            switch (sk.socketState) {
                case SOCKET_STATE_SS_CONNECTED -> {
                    return result(sk, Errno.ERRNO_EISCONN);
                }
                case SOCKET_STATE_SS_CONNECTING -> c.err = Errno.ERRNO_EALREADY;
                case SOCKET_STATE_SS_UNCONNECTED -> {
                    if (sk.state != TCP_CLOSE) {
                        return result(sk, Errno.ERRNO_EISCONN);
                    }
                    Trace t = sk.net.trace().child("tcp_v4_connect").object("sock", sk.id);
                    Errno e = TcpIpv4.connect(sk, c.addr);
                    t.field("saddr", Addr.format(sk.inetSaddr, sk.inetSport))
                            .field("daddr", Addr.format(sk.inetDaddr, sk.inetDport)).endErrno(e);
                    if (e != Errno.ERRNO_UNSPECIFIED) {
                        return result(sk, e);
                    }
                    sk.socketState = SocketState.SOCKET_STATE_SS_CONNECTING;
                    c.err = Errno.ERRNO_EINPROGRESS;
                }
                default -> {
                    return result(sk, Errno.ERRNO_EINVAL);
                }
            }
            if (in(sk.state, f(TCP_SYN_SENT) | f(TCP_SYN_RECV)) && !mayBlock) {
                return result(sk, c.err); // the SYN is not even processed yet
            }
        }
        sk.net.drain(); // inet_wait_for_connect: release_sock runs the backlog
        if (in(sk.state, f(TCP_SYN_SENT) | f(TCP_SYN_RECV))) {
            return mayBlock ? null : result(sk, c.err);
        }
        if (sk.state == TCP_CLOSE) {
            // connection closed by RST, timeout or ICMP error
            int err = sk.sockError();
            Errno e = err != 0 ? Results.errno(err) : Errno.ERRNO_ECONNABORTED;
            sk.socketState = SocketState.SOCKET_STATE_SS_UNCONNECTED;
            sk.prot.disconnect(sk);
            return result(sk, e);
        }
        sk.socketState = SocketState.SOCKET_STATE_SS_CONNECTED;
        return result(sk, Errno.ERRNO_UNSPECIFIED);
    }

    private static Results.Connect result(InetSock sk, Errno e) {
        return new Results.Connect(e, sk.socketState);
    }

    /** inet_dgram_connect. */
    static Results.Connect dgramConnect(InetSock sk, byte[] uaddr) {
        if (uaddr.length < 2) {
            return result(sk, Errno.ERRNO_EINVAL);
        }
        if (Addr.family(uaddr) == Addr.AF_UNSPEC) {
            return result(sk, sk.prot.disconnect(sk));
        }
        if (sk.inetNum == 0 && InetBind.autobind(sk) != Errno.ERRNO_UNSPECIFIED) {
            return result(sk, Errno.ERRNO_EAGAIN);
        }
        return result(sk, sk.prot.connect(sk, uaddr));
    }

    /** inet_listen → __inet_listen_sk. */
    static Errno listen(InetSock isk, int backlog) {
        if (!isk.ops.stream()) {
            return Errno.ERRNO_EOPNOTSUPP; // sock_no_listen
        }
        TcpSock sk = (TcpSock) isk;
        if (sk.socketState != SocketState.SOCKET_STATE_SS_UNCONNECTED || sk.type != Socket.SOCK_STREAM) {
            return Errno.ERRNO_EINVAL;
        }
        if (!in(sk.state, f(TCP_CLOSE) | f(TCP_LISTEN))) {
            return Errno.ERRNO_EINVAL;
        }
        if (Integer.compareUnsigned(backlog, vkernel.net.core.Sysctl.SOMAXCONN) > 0) {
            backlog = vkernel.net.core.Sysctl.SOMAXCONN;
        }
        sk.maxAckBacklog(backlog);
        if (sk.state != TCP_LISTEN) {
            return InetConnectionSock.listenStart(sk, sk.net.trace());
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** inet_csk_accept with __inet_accept: one attempt; null while the queue is empty and the caller may wait. */
    static Results.Accept acceptAttempt(TcpSock sk, long newIno, SockTable socks, boolean mayBlock) {
        if (sk.state != TCP_LISTEN) {
            return Results.Accept.error(Errno.ERRNO_EINVAL);
        }
        TcpSock child = InetConnectionSock.reqskQueueRemove(sk);
        if (child == null) {
            return mayBlock ? null : Results.Accept.error(Errno.ERRNO_EAGAIN);
        }
        child.ino = newIno;
        child.socketState = SocketState.SOCKET_STATE_SS_CONNECTED;
        socks.add(child);
        sk.net.journal.sock(child);
        byte[] peer = InetBind.getname(child, 2).addr();
        sk.net.trace().child("inet_csk_accept").object("sock", sk.id).object("new_sock", child.id)
                .field("peer", Addr.format(child.inetDaddr, child.inetDport)).end();
        return new Results.Accept(Errno.ERRNO_UNSPECIFIED, child.id, peer, child.socketState);
    }

    /** inet_shutdown. */
    static Results.Shutdown shutdown(InetSock sk, int how) {
        int h = how + 1; // 0 → RCV_SHUTDOWN, 1 → SEND_SHUTDOWN, 2 → both
        if ((h & ~Sock.SHUTDOWN_MASK) != 0 || h == 0) {
            return new Results.Shutdown(Errno.ERRNO_EINVAL, sk.socketState);
        }
        if (sk.socketState == SocketState.SOCKET_STATE_SS_CONNECTING) {
            sk.socketState = in(sk.state, f(TCP_SYN_SENT) | f(TCP_SYN_RECV) | f(TCP_CLOSE))
                    ? SocketState.SOCKET_STATE_SS_DISCONNECTING : SocketState.SOCKET_STATE_SS_CONNECTED;
        }
        Errno err = Errno.ERRNO_UNSPECIFIED;
        switch (sk.state) {
            case TCP_LISTEN, TCP_SYN_SENT -> {
                if (sk.state == TCP_LISTEN && (h & Sock.RCV_SHUTDOWN) == 0) {
                    break;
                }
                err = sk.prot.disconnect(sk);
                sk.socketState = err != Errno.ERRNO_UNSPECIFIED ? SocketState.SOCKET_STATE_SS_DISCONNECTING
                        : SocketState.SOCKET_STATE_SS_UNCONNECTED;
            }
            default -> {
                if (sk.state == TCP_CLOSE) {
                    err = Errno.ERRNO_ENOTCONN;
                }
                sk.shutdown |= h;
                sk.prot.shutdown(sk, h);
            }
        }
        sk.wake();
        return new Results.Shutdown(err, sk.socketState);
    }
}
