package vkernel.inet.core;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.uapi.Capability;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrIn;

/**
 * inet_bind, __inet_bind, inet_autobind and inet_getname (net/ipv4/af_inet.c): the
 * address checks in the kernel's order (length, family, an address the namespace has,
 * the privileged port range, already bound), then the protocol's get_port.
 */
public final class InetBind {
    private InetBind() {}

    /** inet_addr_valid_or_nonlocal. */
    public static boolean addrValidOrNonlocal(InetSock sk, int addr, int type) {
        return sk.net.ipNonlocalBind || sk.freebind || sk.transparent || addr == Addr.INADDR_ANY
                || type == Rtnetlink.RTN_LOCAL || type == Rtnetlink.RTN_MULTICAST || type == Rtnetlink.RTN_BROADCAST;
    }

    /** inet_bind → __inet_bind. */
    static Errno bind(InetSock sk, byte[] uaddr, Cred cred) {
        Errno custom = sk.prot.bind(sk, uaddr);
        if (custom != null) {
            return custom;
        }
        if (uaddr.length < SockaddrIn.SIZE) {
            return Errno.ERRNO_EINVAL;
        }
        int family = Addr.family(uaddr);
        SockaddrIn addr = SockaddrIn.decode(uaddr);
        if (family != Addr.AF_INET) {
            // compatibility: AF_UNSPEC is taken for AF_INET with INADDR_ANY only
            if (family != Addr.AF_UNSPEC || addr.addr() != Addr.INADDR_ANY) {
                return Errno.ERRNO_EAFNOSUPPORT;
            }
        }
        int chkAddrRet = sk.net.fib.inetAddrType(addr.addr());
        if (!addrValidOrNonlocal(sk, addr.addr(), chkAddrRet)) {
            return Errno.ERRNO_EADDRNOTAVAIL;
        }
        int snum = addr.port();
        if (snum != 0 && sk.net.portRequiresBindService(snum)
                && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_BIND_SERVICE)) {
            return Errno.ERRNO_EACCES;
        }
        if (sk.state != TcpStates.TCP_CLOSE || sk.inetNum != 0) {
            return Errno.ERRNO_EINVAL;
        }
        sk.inetRcvSaddr = addr.addr();
        sk.inetSaddr = addr.addr();
        if (chkAddrRet == Rtnetlink.RTN_MULTICAST || chkAddrRet == Rtnetlink.RTN_BROADCAST) {
            sk.inetSaddr = 0; // use the device's
        }
        if (snum != 0 || !sk.bindAddressNoPort) {
            Errno e = sk.prot.getPort(sk, snum);
            if (e != Errno.ERRNO_UNSPECIFIED) {
                sk.inetSaddr = 0;
                sk.inetRcvSaddr = 0;
                return Errno.ERRNO_EADDRINUSE;
            }
        }
        if (sk.inetRcvSaddr != 0) {
            sk.userlocks |= InetSock.SOCK_BINDADDR_LOCK;
        }
        if (snum != 0) {
            sk.userlocks |= InetSock.SOCK_BINDPORT_LOCK;
        }
        sk.inetSport = sk.inetNum;
        sk.inetDaddr = 0;
        sk.inetDport = 0;
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** inet_autobind: a port for a sock that has none; EAGAIN when there is none to have. */
    static Errno autobind(InetSock sk) {
        if (sk.inetNum == 0) {
            if (sk.prot.getPort(sk, 0) != Errno.ERRNO_UNSPECIFIED) {
                return Errno.ERRNO_EAGAIN;
            }
            sk.inetSport = sk.inetNum;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** inet_getname: the peer (ENOTCONN without one, or while closed or connecting), or the local address. */
    static Results.Getname getname(InetSock sk, int peer) {
        if (peer != 0) {
            if (sk.inetDport == 0
                    || (TcpStates.in(sk.state, TcpStates.f(TcpStates.TCP_CLOSE) | TcpStates.f(TcpStates.TCP_SYN_SENT))
                            && peer == 1)) {
                return new Results.Getname(Errno.ERRNO_ENOTCONN, Results.NONE);
            }
            return new Results.Getname(Errno.ERRNO_UNSPECIFIED, Addr.sockaddr(sk.inetDaddr, sk.inetDport));
        }
        int addr = sk.inetRcvSaddr != 0 ? sk.inetRcvSaddr : sk.inetSaddr;
        return new Results.Getname(Errno.ERRNO_UNSPECIFIED, Addr.sockaddr(addr, sk.inetSport));
    }
}
