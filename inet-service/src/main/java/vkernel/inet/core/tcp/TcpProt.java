package vkernel.inet.core.tcp;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.inet.core.SkIoctl;
import vkernel.net.core.SockOptions;

/** tcp_prot (net/ipv4/tcp_ipv4.c); MPTCP's sockets fall back to it over lo (mptcp_prot with TCP underneath). */
public final class TcpProt extends Proto {
    public static final TcpProt TCP = new TcpProt("TCP");
    public static final TcpProt MPTCP = new TcpProt("MPTCP");

    private TcpProt(String name) {
        super(name);
    }

    @Override
    protected InetSock alloc(long id, Net net, int type, int protocol, long ino, Cred cred) {
        return new TcpSock(id, net, type, protocol, ino, cred, this);
    }

    /** tcp_v4_init_sock → tcp_init_sock. */
    @Override
    protected Errno init(InetSock sk, Cred cred) {
        ((TcpSock) sk).initSock();
        return Errno.ERRNO_UNSPECIFIED;
    }

    @Override
    protected Errno getPort(InetSock sk, int snum) {
        return InetConnectionSock.getPort((TcpSock) sk, snum);
    }

    @Override
    protected boolean noAutobind() {
        return true;
    }

    @Override
    protected Errno disconnect(InetSock sk) {
        TcpClose.disconnect((TcpSock) sk);
        return Errno.ERRNO_UNSPECIFIED;
    }

    @Override
    protected void close(InetSock sk) {
        TcpClose.close((TcpSock) sk);
    }

    @Override
    protected void shutdown(InetSock sk, int how) {
        TcpClose.shutdown((TcpSock) sk, how);
    }

    @Override
    protected Errno setsockopt(InetSock sk, int level, int optname, byte[] optval, Cred cred) {
        return TcpSockopt.set((TcpSock) sk, level, optname, optval, cred);
    }

    @Override
    protected SockOptions.Value getsockopt(InetSock sk, int level, int optname, int optlen) {
        return TcpSockopt.get((TcpSock) sk, level, optname, optlen);
    }

    @Override
    protected SkIoctl ioctl(InetSock sk, int cmd) {
        return TcpIoctl.ioctl((TcpSock) sk, cmd);
    }

    @Override
    protected int poll(InetSock sk) {
        return TcpPoll.poll((TcpSock) sk);
    }
}
