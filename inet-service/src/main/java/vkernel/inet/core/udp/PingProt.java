package vkernel.inet.core.udp;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.IpSockglue;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.net.core.SockOptions;

/**
 * ping_prot (net/ipv4/ping.c): ICMP echo over SOCK_DGRAM for the groups in
 * net.ipv4.ping_group_range; its default "1 0" admits nobody, so ping_init_sock refuses
 * every creation with EACCES.
 */
public final class PingProt extends Proto {
    public static final PingProt PING = new PingProt();

    private PingProt() {
        super("PING");
    }

    @Override
    protected InetSock alloc(long id, Net net, int type, int protocol, long ino, Cred cred) {
        return new PingSock(id, net, type, protocol, ino, cred, this);
    }

    /** ping_init_sock: the task's group must be in the range. */
    @Override
    protected Errno init(InetSock sk, Cred cred) {
        long gid = Integer.toUnsignedLong(cred.getGid());
        if (gid < sk.net.pingGroupLow() || gid > sk.net.pingGroupHigh()) {
            return Errno.ERRNO_EACCES;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    @Override
    protected Errno getPort(InetSock sk, int snum) {
        return Errno.ERRNO_EADDRINUSE;
    }

    @Override
    protected Errno bind(InetSock sk, byte[] uaddr) {
        return Errno.ERRNO_EOPNOTSUPP;
    }

    @Override
    protected Errno disconnect(InetSock sk) {
        return Udp.disconnect(sk);
    }

    @Override
    protected void close(InetSock sk) {
        sk.dead = true;
    }

    @Override
    protected Errno setsockopt(InetSock sk, int level, int optname, byte[] optval, Cred cred) {
        return IpSockglue.set(sk, level, optname, optval, cred);
    }

    @Override
    protected SockOptions.Value getsockopt(InetSock sk, int level, int optname, int optlen) {
        return IpSockglue.get(sk, level, optname, optlen);
    }

    @Override
    protected int poll(InetSock sk) {
        return Udp.poll(sk, false);
    }
}
