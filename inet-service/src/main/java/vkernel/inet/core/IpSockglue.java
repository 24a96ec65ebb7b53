package vkernel.inet.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Capability;
import vkernel.uapi.Socket;

/**
 * SOL_IP options (net/ipv4/ip_sockglue.c, do_ip_setsockopt / do_ip_getsockopt): the
 * int-valued ones (a short optval is read as one byte), IP_TOS with its ECN bits kept
 * for TCP and its effect on SO_PRIORITY, IP_TTL's range, and the level checks (another
 * level is ENOPROTOOPT to set, EOPNOTSUPP to get).
 */
public final class IpSockglue {
    static final int IP_TOS = 1;
    static final int IP_TTL = 2;
    static final int IP_HDRINCL = 3;
    static final int IP_OPTIONS = 4;
    static final int IP_RECVOPTS = 6;
    static final int IP_RETOPTS = 7;
    static final int IP_PKTINFO = 8;
    static final int IP_MTU_DISCOVER = 10;
    static final int IP_RECVERR = 11;
    static final int IP_RECVTTL = 12;
    static final int IP_RECVTOS = 13;
    static final int IP_MTU = 14;
    static final int IP_FREEBIND = 15;
    static final int IP_PASSSEC = 18;
    static final int IP_TRANSPARENT = 19;
    static final int IP_ORIGDSTADDR = 20;
    static final int IP_MINTTL = 21;
    static final int IP_NODEFRAG = 22;
    static final int IP_CHECKSUM = 23;
    static final int IP_BIND_ADDRESS_NO_PORT = 24;
    static final int IP_RECVFRAGSIZE = 25;
    static final int IP_RECVERR_RFC4884 = 26;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_UNICAST_IF = 50;
    static final int IP_MULTICAST_ALL = 49;
    static final int IP_LOCAL_PORT_RANGE = 51;
    static final int IP_PROTOCOL = 52;

    private static final int INET_ECN_MASK = 3;
    /** ip_tos2prio. */
    private static final int[] TOS2PRIO = {0, 0, 0, 0, 2, 2, 2, 2, 6, 6, 6, 6, 4, 4, 4, 4};

    private IpSockglue() {}

    /** ip_setsockopt. */
    public static Errno set(InetSock sk, int level, int optname, byte[] optval, Cred cred) {
        if (level != Socket.SOL_IP) {
            return Errno.ERRNO_ENOPROTOOPT;
        }
        int optlen = optval.length;
        int val = 0;
        if (optlen >= 4) {
            val = ByteBuffer.wrap(optval).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        } else if (optlen >= 1) {
            val = optval[0] & 0xff;
        }
        boolean on = val != 0;
        switch (optname) {
            case IP_PKTINFO -> sk.pktinfo = on;
            case IP_RECVTTL -> sk.recvttl = on;
            case IP_RECVTOS -> sk.recvtos = on;
            case IP_RECVOPTS -> sk.recvopts = on;
            case IP_RETOPTS -> sk.retopts = on;
            case IP_PASSSEC -> sk.passsec = on;
            case IP_ORIGDSTADDR -> sk.origdstaddr = on;
            case IP_RECVFRAGSIZE -> {
                if (sk.type != Socket.SOCK_RAW && sk.type != Socket.SOCK_DGRAM) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.recvfragsize = on;
            }
            case IP_RECVERR -> {
                sk.recverr = on;
                if (!on) {
                    sk.errorQueue.clear();
                }
            }
            case IP_RECVERR_RFC4884 -> {
                if (val < 0 || val > 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.recverrRfc4884 = on;
            }
            case IP_FREEBIND -> {
                if (optlen < 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.freebind = on;
            }
            case IP_HDRINCL -> {
                if (sk.type != Socket.SOCK_RAW) {
                    return Errno.ERRNO_ENOPROTOOPT;
                }
                sk.hdrincl = on;
            }
            case IP_MULTICAST_LOOP -> {
                if (optlen < 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.mcLoop = on;
            }
            case IP_MULTICAST_ALL -> {
                if (optlen < 1 || (val != 0 && val != 1)) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.mcAll = on;
            }
            case IP_TRANSPARENT -> {
                long caps = cred.getCapEffective();
                if (on && !Capability.capable(caps, Capability.CAP_NET_RAW)
                        && !Capability.capable(caps, Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                if (optlen < 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.transparent = on;
            }
            case IP_NODEFRAG -> {
                if (sk.type != Socket.SOCK_RAW) {
                    return Errno.ERRNO_ENOPROTOOPT;
                }
                sk.nodefrag = on;
            }
            case IP_BIND_ADDRESS_NO_PORT -> sk.bindAddressNoPort = on;
            case IP_TTL -> {
                if (optlen < 1) {
                    return Errno.ERRNO_EINVAL;
                }
                if (val != -1 && (val < 1 || val > 255)) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.ucTtl = val;
            }
            case IP_MINTTL -> {
                if (optlen < 1) {
                    return Errno.ERRNO_EINVAL;
                }
                if (val < 0 || val > 255) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.minTtl = val;
            }
            case IP_MULTICAST_TTL -> {
                if (sk.type == Socket.SOCK_STREAM || optlen < 1) {
                    return Errno.ERRNO_EINVAL;
                }
                if (val == -1) {
                    val = 1;
                }
                if (val < 0 || val > 255) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.mcTtl = val;
            }
            case IP_MTU_DISCOVER -> {
                if (val < 0 || val > 5) {
                    return Errno.ERRNO_EINVAL; // ip_sock_set_mtu_discover: IP_PMTUDISC_DONT..OMIT
                }
                sk.pmtudisc = val;
            }
            case IP_TOS -> setTos(sk, val);
            case IP_LOCAL_PORT_RANGE -> {
                int lo = val & 0xffff;
                int hi = val >>> 16;
                if (optlen != 4 || (lo != 0 && hi != 0 && lo > hi)) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.localPortRange = val;
            }
            case IP_CHECKSUM -> sk.checksum = on;
            case IP_UNICAST_IF -> {
                if (optlen < 4) {
                    return Errno.ERRNO_EINVAL;
                }
                int ifindex = Integer.reverseBytes(val); // network order
                if (ifindex != 0 && sk.net.fib.devByIndex(ifindex) == null) {
                    return Errno.ERRNO_EADDRNOTAVAIL;
                }
                sk.ucIndex = ifindex;
            }
            case IP_OPTIONS -> {
                if (optlen > 40) {
                    return Errno.ERRNO_EINVAL;
                }
                // options are accepted and not kept: nothing here routes by them
            }
            default -> {
                return Errno.ERRNO_ENOPROTOOPT;
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** __ip_sock_set_tos: TCP keeps its ECN bits; the TOS sets the priority. */
    static void setTos(InetSock sk, int val) {
        int old = sk.tos;
        if (sk.type == Socket.SOCK_STREAM) {
            val &= ~INET_ECN_MASK;
            val |= old & INET_ECN_MASK;
        }
        val &= 0xff;
        if (old != val) {
            sk.dstCached = false; // sk_dst_reset
            sk.tos = val;
            sk.priority = TOS2PRIO[(val & 0x1e) >> 1];
        }
    }

    /** ip_getsockopt. */
    public static SockOptions.Value get(InetSock sk, int level, int optname, int len) {
        if (level != Socket.SOL_IP) {
            return SockOptions.Value.error(Errno.ERRNO_EOPNOTSUPP);
        }
        if (len < 0) {
            return SockOptions.Value.error(Errno.ERRNO_EINVAL);
        }
        int val;
        switch (optname) {
            case IP_PKTINFO -> val = b(sk.pktinfo);
            case IP_RECVTTL -> val = b(sk.recvttl);
            case IP_RECVTOS -> val = b(sk.recvtos);
            case IP_RECVOPTS -> val = b(sk.recvopts);
            case IP_RETOPTS -> val = b(sk.retopts);
            case IP_PASSSEC -> val = b(sk.passsec);
            case IP_ORIGDSTADDR -> val = b(sk.origdstaddr);
            case IP_CHECKSUM -> val = b(sk.checksum);
            case IP_RECVFRAGSIZE -> val = b(sk.recvfragsize);
            case IP_RECVERR -> val = b(sk.recverr);
            case IP_RECVERR_RFC4884 -> val = b(sk.recverrRfc4884);
            case IP_FREEBIND -> val = b(sk.freebind);
            case IP_HDRINCL -> val = b(sk.hdrincl);
            case IP_MULTICAST_LOOP -> val = b(sk.mcLoop);
            case IP_MULTICAST_ALL -> val = b(sk.mcAll);
            case IP_TRANSPARENT -> val = b(sk.transparent);
            case IP_NODEFRAG -> val = b(sk.nodefrag);
            case IP_BIND_ADDRESS_NO_PORT -> val = b(sk.bindAddressNoPort);
            case IP_TTL -> val = sk.ucTtl < 0 ? sk.net.ipDefaultTtl : sk.ucTtl;
            case IP_MINTTL -> val = sk.minTtl;
            case IP_MULTICAST_TTL -> val = sk.mcTtl;
            case IP_MTU_DISCOVER -> val = sk.pmtudisc;
            case IP_TOS -> val = sk.tos;
            case IP_LOCAL_PORT_RANGE -> val = sk.localPortRange;
            case IP_PROTOCOL -> val = sk.protocol;
            case IP_OPTIONS -> {
                return new SockOptions.Value(Errno.ERRNO_UNSPECIFIED, new byte[0]);
            }
            case IP_MTU -> {
                if (!sk.dstCached) {
                    return SockOptions.Value.error(Errno.ERRNO_ENOTCONN);
                }
                val = sk.net.lo.mtu();
            }
            case IP_UNICAST_IF -> val = Integer.reverseBytes(sk.ucIndex);
            case IP_MULTICAST_IF -> {
                byte[] addr = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(sk.mcAddr).array();
                return SockOptions.Value.truncate(addr, Math.min(len, 4));
            }
            default -> {
                return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
            }
        }
        if (len < 4 && len > 0 && val >= 0 && val <= 255) {
            return new SockOptions.Value(Errno.ERRNO_UNSPECIFIED, new byte[] {(byte) val});
        }
        return SockOptions.Value.ofInt(val, Math.min(4, len));
    }

    private static int b(boolean v) {
        return v ? 1 : 0;
    }
}
