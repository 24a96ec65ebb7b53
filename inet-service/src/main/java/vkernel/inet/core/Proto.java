package vkernel.inet.core;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
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
    abstract InetSock alloc(long id, Net net, int type, int protocol, long ino, Cred cred);

    /** proto->init (tcp_v4_init_sock, udp_init_sock ...). */
    Errno init(InetSock sk, Cred cred) {
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** proto->hash, for socks numbered at creation (raw). */
    Errno hash(InetSock sk) {
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** proto->get_port: bind to snum, or any free port for 0. */
    abstract Errno getPort(InetSock sk, int snum);

    /** proto->no_autobind: TCP binds at connect or listen, not at the first send. */
    boolean noAutobind() {
        return false;
    }

    /** proto->bind (raw, ping): replaces inet_bind's address checks. */
    Errno bind(InetSock sk, byte[] uaddr) {
        return null;
    }

    /** proto->connect for datagram socks (ip4_datagram_connect). */
    Errno connect(InetSock sk, byte[] uaddr) {
        return Udp.connect(sk, uaddr);
    }

    abstract Errno disconnect(InetSock sk);

    /** proto->close: the release of the sock. */
    abstract void close(InetSock sk);

    /** proto->shutdown, after sk_shutdown was updated. */
    void shutdown(InetSock sk, int how) {}

    abstract Errno setsockopt(InetSock sk, int level, int optname, byte[] optval, Cred cred);

    abstract SockOptions.Value getsockopt(InetSock sk, int level, int optname, int optlen);

    /** The sock's poll mask (tcp_poll, udp_poll, datagram_poll). */
    abstract int poll(InetSock sk);

    @Override
    public String toString() {
        return name;
    }
}
