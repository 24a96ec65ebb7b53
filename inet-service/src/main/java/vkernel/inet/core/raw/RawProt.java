package vkernel.inet.core.raw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Datagrams;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.IpSockglue;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.inet.core.SkIoctl;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.inet.core.udp.Udp;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Socket;

/** raw_prot (net/ipv4/raw.c): hashed at creation by protocol, its own bind, ICMP_FILTER at SOL_RAW. */
public final class RawProt extends Proto {
    public static final RawProt RAW = new RawProt();
    static final int ICMP_FILTER = 1;

    private RawProt() {
        super("RAW");
    }

    @Override
    protected InetSock alloc(long id, Net net, int type, int protocol, long ino, Cred cred) {
        return new RawSock(id, net, type, protocol, ino, cred, this);
    }

    /** raw_hash_sk. */
    @Override
    protected Errno hash(InetSock sk) {
        sk.net.rawHashinfo().hash((RawSock) sk);
        return Errno.ERRNO_UNSPECIFIED;
    }

    @Override
    protected Errno getPort(InetSock sk, int snum) {
        return Errno.ERRNO_UNSPECIFIED;
    }

    @Override
    protected Errno bind(InetSock sk, byte[] uaddr) {
        return Raw.bind(sk, uaddr);
    }

    @Override
    protected Errno disconnect(InetSock sk) {
        sk.state = TcpStates.TCP_CLOSE;
        sk.inetDaddr = 0;
        sk.inetDport = 0;
        if ((sk.userlocks & InetSock.SOCK_BINDADDR_LOCK) == 0) {
            sk.inetRcvSaddr = 0;
            sk.inetSaddr = 0;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    @Override
    protected void close(InetSock sk) {
        RawSock r = (RawSock) sk;
        sk.net.rawHashinfo().unhash(r);
        r.receiveQueue.clear();
        r.rmemAlloc = 0;
        sk.dead = true;
    }

    @Override
    protected Errno setsockopt(InetSock sk, int level, int optname, byte[] optval, Cred cred) {
        if (level != Socket.SOL_RAW) {
            return IpSockglue.set(sk, level, optname, optval, cred);
        }
        if (optname != ICMP_FILTER) {
            return Errno.ERRNO_ENOPROTOOPT;
        }
        if (sk.inetNum != Raw.IPPROTO_ICMP) {
            return Errno.ERRNO_EOPNOTSUPP;
        }
        byte[] v = java.util.Arrays.copyOf(optval, Math.min(optval.length, 4));
        ((RawSock) sk).icmpFilter = ByteBuffer.wrap(java.util.Arrays.copyOf(v, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** raw_ioctl (ipmr_ioctl serves no other command without multicast routing): the queue's sizes (Datagrams.ioctl). */
    @Override
    protected SkIoctl ioctl(InetSock sk, int cmd) {
        return Datagrams.ioctl(((RawSock) sk).receiveQueue, cmd);
    }

    @Override
    protected SockOptions.Value getsockopt(InetSock sk, int level, int optname, int optlen) {
        if (level != Socket.SOL_RAW) {
            return IpSockglue.get(sk, level, optname, optlen);
        }
        if (optname != ICMP_FILTER) {
            return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
        }
        if (sk.inetNum != Raw.IPPROTO_ICMP) {
            return SockOptions.Value.error(Errno.ERRNO_EOPNOTSUPP);
        }
        if (optlen < 0) {
            return SockOptions.Value.error(Errno.ERRNO_EINVAL);
        }
        return SockOptions.Value.ofInt(((RawSock) sk).icmpFilter, Math.min(optlen, 4));
    }

    @Override
    protected int poll(InetSock sk) {
        return Udp.poll(sk, !((RawSock) sk).receiveQueue.isEmpty());
    }
}
