package vkernel.inet.core.udp;

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
import vkernel.net.core.SockOptions;
import vkernel.uapi.Socket;

/**
 * udp_prot and udplite_prot (net/ipv4/udp.c, udplite.c): the same functions over two
 * tables; the SOL_UDP options of udp_lib_setsockopt / udp_lib_getsockopt.
 */
public final class UdpProt extends Proto {
    public static final UdpProt UDP = new UdpProt("UDP");
    public static final UdpProt UDPLITE = new UdpProt("UDP-Lite");

    static final int SOL_UDPLITE = 136;
    static final int UDP_CORK = 1;
    static final int UDP_ENCAP = 100;
    static final int UDP_NO_CHECK6_TX = 101;
    static final int UDP_NO_CHECK6_RX = 102;
    static final int UDP_SEGMENT = 103;
    static final int UDP_GRO = 104;
    static final int UDPLITE_SEND_CSCOV = 10;
    static final int UDPLITE_RECV_CSCOV = 11;
    private static final int UDP_ENCAP_ESPINUDP = 2;
    private static final int UDP_ENCAP_L2TPINUDP = 3;

    private UdpProt(String name) {
        super(name);
    }

    @Override
    protected InetSock alloc(long id, Net net, int type, int protocol, long ino, Cred cred) {
        return new UdpSock(id, net, type, protocol, ino, cred, this);
    }

    @Override
    protected Errno getPort(InetSock sk, int snum) {
        return Udp.table(sk).getPort((UdpSock) sk, snum);
    }

    @Override
    protected Errno disconnect(InetSock sk) {
        return Udp.disconnect(sk);
    }

    @Override
    protected void close(InetSock sk) {
        Udp.close((UdpSock) sk);
    }

    @Override
    protected Errno setsockopt(InetSock sk, int level, int optname, byte[] optval, Cred cred) {
        if (level != Socket.SOL_UDP && level != SOL_UDPLITE) {
            return IpSockglue.set(sk, level, optname, optval, cred);
        }
        UdpSock up = (UdpSock) sk;
        if (optval.length < 4) {
            return Errno.ERRNO_EINVAL;
        }
        int val = ByteBuffer.wrap(optval).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        switch (optname) {
            case UDP_CORK -> {
                if (val != 0) {
                    up.cork = true;
                } else {
                    up.cork = false;
                    UdpSendmsg.pushPending(up);
                }
            }
            case UDP_ENCAP -> {
                if (val != 0 && val != UDP_ENCAP_ESPINUDP && val != UDP_ENCAP_L2TPINUDP) {
                    return Errno.ERRNO_ENOPROTOOPT;
                }
                up.encapType = val;
            }
            case UDP_NO_CHECK6_TX -> up.noCheck6Tx = val != 0;
            case UDP_NO_CHECK6_RX -> up.noCheck6Rx = val != 0;
            case UDP_SEGMENT -> {
                if (val < 0 || val > 0xffff) {
                    return Errno.ERRNO_EINVAL;
                }
                up.gsoSize = val;
            }
            case UDP_GRO -> up.gro = val != 0;
            case UDPLITE_SEND_CSCOV, UDPLITE_RECV_CSCOV -> {
                if (this != UDPLITE) {
                    return Errno.ERRNO_ENOPROTOOPT;
                }
            }
            default -> {
                return Errno.ERRNO_ENOPROTOOPT;
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** udp_ioctl: the queue's sizes (Datagrams.ioctl). */
    @Override
    protected SkIoctl ioctl(InetSock sk, int cmd) {
        return Datagrams.ioctl(((UdpSock) sk).receiveQueue, cmd);
    }

    @Override
    protected SockOptions.Value getsockopt(InetSock sk, int level, int optname, int optlen) {
        if (level != Socket.SOL_UDP && level != SOL_UDPLITE) {
            return IpSockglue.get(sk, level, optname, optlen);
        }
        if (optlen < 0) {
            return SockOptions.Value.error(Errno.ERRNO_EINVAL);
        }
        UdpSock up = (UdpSock) sk;
        int val = switch (optname) {
            case UDP_CORK -> up.cork ? 1 : 0;
            case UDP_ENCAP -> up.encapType;
            case UDP_NO_CHECK6_TX -> up.noCheck6Tx ? 1 : 0;
            case UDP_NO_CHECK6_RX -> up.noCheck6Rx ? 1 : 0;
            case UDP_SEGMENT -> up.gsoSize;
            case UDP_GRO -> up.gro ? 1 : 0;
            case UDPLITE_SEND_CSCOV, UDPLITE_RECV_CSCOV -> 0;
            default -> Integer.MIN_VALUE;
        };
        if (val == Integer.MIN_VALUE) {
            return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
        }
        return SockOptions.Value.ofInt(val, Math.min(optlen, 4));
    }

    @Override
    protected int poll(InetSock sk) {
        return Udp.poll(sk, !((UdpSock) sk).receiveQueue.isEmpty());
    }
}
