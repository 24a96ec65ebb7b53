package vkernel.inet.core;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.udp.Udp;
import vkernel.net.core.SockOptions;

/**
 * struct proto (include/net/sock.h): a transport protocol's functions, one instance per
 * protocol (tcp_prot, udp_prot, raw_prot, ping_prot ...). A function the kernel leaves
 * NULL answers as the caller would without it.
 */
public abstract class Proto {
    final String name;

    protected Proto(String name) {
        this.name = name;
    }

    /** sk_alloc with this protocol's object size: the sock of the right kind. */
    protected abstract InetSock alloc(long id, Net net, int type, int protocol, long ino, Cred cred);

    /** proto->init (tcp_v4_init_sock, udp_init_sock ...). */
    protected Errno init(InetSock sk, Cred cred) {
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** proto->hash, for socks numbered at creation (raw). */
    protected Errno hash(InetSock sk) {
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** proto->get_port: bind to snum, or any free port for 0. */
    protected abstract Errno getPort(InetSock sk, int snum);

    /** proto->no_autobind: TCP binds at connect or listen, not at the first send. */
    protected boolean noAutobind() {
        return false;
    }

    /** proto->bind (raw, ping): replaces inet_bind's address checks. */
    protected Errno bind(InetSock sk, byte[] uaddr) {
        return null;
    }

    /** proto->connect for datagram socks (ip4_datagram_connect). */
    protected Errno connect(InetSock sk, byte[] uaddr) {
        return Udp.connect(sk, uaddr);
    }

    protected abstract Errno disconnect(InetSock sk);

    /** proto->close: the release of the sock. */
    protected abstract void close(InetSock sk);

    /** proto->shutdown, after sk_shutdown was updated. */
    protected void shutdown(InetSock sk, int how) {}

    protected abstract Errno setsockopt(InetSock sk, int level, int optname, byte[] optval, Cred cred);

    protected abstract SockOptions.Value getsockopt(InetSock sk, int level, int optname, int optlen);

    /** proto->ioctl; a protocol without one (ping_prot) serves no command. */
    protected SkIoctl ioctl(InetSock sk, int cmd) {
        return SkIoctl.UNKNOWN;
    }

    /** The sock's poll mask (tcp_poll, udp_poll, datagram_poll). */
    protected abstract int poll(InetSock sk);

    @Override
    public String toString() {
        return name;
    }
}
