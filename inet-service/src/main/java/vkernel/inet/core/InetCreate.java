package vkernel.inet.core;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.tcp.TcpProt;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.inet.core.udp.PingProt;
import vkernel.inet.core.udp.UdpProt;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Capability;
import vkernel.uapi.In;
import vkernel.uapi.Socket;

/**
 * inet_create and inet_release (net/ipv4/af_inet.c): find the inetsw row for the type
 * and protocol (EINVAL, ESOCKTNOSUPPORT, EPROTONOSUPPORT, EPERM in the kernel's order),
 * allocate and initialise the sock (sk_alloc, sock_init_data, the protocol's init), and
 * at the end hand it to the protocol's close. The caller's step is inet_create's; the
 * caller ends it with the result.
 */
final class InetCreate {
    private InetCreate() {}

    /** The row socket(AF_INET, type, protocol) resolves to, or why none does. */
    record Lookup(InetProtosw answer, int protocol, Errno errno) {}

    /** The lookup loop of inet_create. */
    static Lookup lookup(InetSw inetsw, int type, int protocol) {
        if (protocol < 0 || protocol >= In.IPPROTO_MAX) {
            return new Lookup(null, protocol, Errno.ERRNO_EINVAL);
        }
        Errno err = Errno.ERRNO_ESOCKTNOSUPPORT;
        for (InetProtosw answer : inetsw.rows(type)) {
            err = Errno.ERRNO_UNSPECIFIED;
            if (protocol == answer.protocol()) {
                if (protocol != In.IPPROTO_IP) {
                    return new Lookup(answer, protocol, err);
                }
            } else {
                if (protocol == In.IPPROTO_IP) {
                    return new Lookup(answer, answer.protocol(), err);
                }
                if (answer.protocol() == In.IPPROTO_IP) {
                    return new Lookup(answer, protocol, err);
                }
            }
            err = Errno.ERRNO_EPROTONOSUPPORT;
        }
        return new Lookup(null, protocol, err);
    }

    /** inet_create. */
    static Results.Create create(InetSw inetsw, SockTable socks, Net net, Cred cred, int type, int protocol,
            boolean kern, long ino, Trace t) {
        Trace s = t.field("type", type).field("protocol", protocol);
        Lookup l = lookup(inetsw, type, protocol);
        if (l.errno() != Errno.ERRNO_UNSPECIFIED) {
            return new Results.Create(l.errno(), 0, SocketState.SOCKET_STATE_UNSPECIFIED);
        }
        if (type == Socket.SOCK_RAW && !kern && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_RAW)) {
            return new Results.Create(Errno.ERRNO_EPERM, 0, SocketState.SOCKET_STATE_UNSPECIFIED);
        }
        InetProtosw answer = l.answer();
        protocol = l.protocol();
        Trace alloc = s.child("sk_alloc").field("prot", answer.prot());
        InetSock sk = answer.prot().alloc(net.nextSockId(), net, type, protocol, ino, cred);
        alloc.object("sock", sk.id).end();
        if ((answer.flags() & InetProtosw.INET_PROTOSW_REUSE) != 0) {
            sk.reuse = true;
        }
        if (type == Socket.SOCK_RAW) {
            sk.inetNum = protocol;
            if (protocol == In.IPPROTO_RAW) {
                sk.hdrincl = true;
            }
        }
        s.child("sock_init_data").object("sock", sk.id).field("sk_rcvbuf", sk.rcvbuf).field("sk_sndbuf", sk.sndbuf)
                .field("sk_state", TcpStates.name(sk.state)).end();
        if (sk.inetNum != 0) {
            sk.inetSport = sk.inetNum;
            Errno e = answer.prot().hash(sk);
            if (e != Errno.ERRNO_UNSPECIFIED) {
                answer.prot().close(sk);
                return new Results.Create(e, 0, SocketState.SOCKET_STATE_UNSPECIFIED);
            }
        }
        Trace init = s.child(initName(answer.prot())).object("sock", sk.id);
        Errno e = answer.prot().init(sk, cred);
        init.field("sk_rcvbuf", sk.rcvbuf).field("sk_sndbuf", sk.sndbuf).endErrno(e);
        if (e != Errno.ERRNO_UNSPECIFIED) {
            answer.prot().close(sk); // sk_common_release
            return new Results.Create(e, 0, SocketState.SOCKET_STATE_UNSPECIFIED);
        }
        socks.add(sk);
        net.journal.sock(sk);
        s.object("sock", sk.id).field("sk_state", TcpStates.name(sk.state));
        return new Results.Create(Errno.ERRNO_UNSPECIFIED, sk.id, sk.socketState);
    }

    private static String initName(Proto prot) {
        if (prot instanceof TcpProt) {
            return "tcp_v4_init_sock";
        }
        if (prot instanceof UdpProt) {
            return "udp_init_sock";
        }
        if (prot instanceof PingProt) {
            return "ping_init_sock";
        }
        return "raw_sk_init";
    }

    /** inet_release: the protocol closes the sock (tcp_close, udp_lib_close ...). */
    static void release(InetSock sk) {
        sk.prot.close(sk);
        sk.socketState = SocketState.SOCKET_STATE_SS_FREE;
        sk.wake();
    }
}
