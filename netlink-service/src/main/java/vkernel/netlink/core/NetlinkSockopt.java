package vkernel.netlink.core;

import static vkernel.netlink.core.NetlinkSock.*;

import java.io.ByteArrayOutputStream;
import vkernel.errno.v1.Errno;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Capability;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.Le;

/**
 * SOL_NETLINK options: netlink_setsockopt and netlink_getsockopt. A set with fewer
 * than four bytes reads the value as 0, as the kernel leaves val at 0 then. Membership
 * changes take NL_CFG_F_NONROOT_RECV or CAP_NET_ADMIN and a group in 1..ngroups;
 * NETLINK_LISTEN_ALL_NSID takes CAP_NET_BROADCAST.
 */
final class NetlinkSockopt {
    private NetlinkSockopt() {}

    /** The flag an option sets, or 0 for options that are not plain flags. */
    private static int flagOf(int optname) {
        return switch (optname) {
            case Netlink.NETLINK_PKTINFO -> NETLINK_F_RECV_PKTINFO;
            case Netlink.NETLINK_BROADCAST_ERROR -> NETLINK_F_BROADCAST_SEND_ERROR;
            case Netlink.NETLINK_NO_ENOBUFS -> NETLINK_F_RECV_NO_ENOBUFS;
            case Netlink.NETLINK_LISTEN_ALL_NSID -> NETLINK_F_LISTEN_ALL_NSID;
            case Netlink.NETLINK_CAP_ACK -> NETLINK_F_CAP_ACK;
            case Netlink.NETLINK_EXT_ACK -> NETLINK_F_EXT_ACK;
            case Netlink.NETLINK_GET_STRICT_CHK -> NETLINK_F_STRICT_CHK;
            default -> 0;
        };
    }

    static Errno set(AfNetlink af, NetlinkSock sk, int optname, byte[] optval, long caps) {
        int val = optval.length >= 4 ? Le.s32(optval, 0) : 0;
        switch (optname) {
            case Netlink.NETLINK_ADD_MEMBERSHIP, Netlink.NETLINK_DROP_MEMBERSHIP -> {
                if (!NetlinkBind.allowed(sk, NetlinkKernelCfg.NL_CFG_F_NONROOT_RECV, caps)) {
                    return Errno.ERRNO_EPERM;
                }
                NetlinkKernelCfg cfg = NetlinkProtocols.get(sk.protocol);
                sk.reallocGroups(cfg.groups());
                if (val == 0 || Integer.compareUnsigned(val - 1, sk.ngroups) >= 0) {
                    return Errno.ERRNO_EINVAL;
                }
                boolean join = optname == Netlink.NETLINK_ADD_MEMBERSHIP;
                if (join) {
                    Errno e = cfg.bind().bind(val, caps);
                    if (e != Errno.ERRNO_UNSPECIFIED) {
                        return e;
                    }
                }
                NetlinkMulticast.updateSocketMc(af, sk, val, join);
                return Errno.ERRNO_UNSPECIFIED;
            }
            case Netlink.NETLINK_NO_ENOBUFS -> {
                sk.assignFlag(NETLINK_F_RECV_NO_ENOBUFS, val != 0);
                if (val != 0) {
                    sk.congested = false;
                    af.wake(sk.nlkWait);
                }
                return Errno.ERRNO_UNSPECIFIED;
            }
            case Netlink.NETLINK_LISTEN_ALL_NSID -> {
                if (!Capability.capable(caps, Capability.CAP_NET_BROADCAST)) {
                    return Errno.ERRNO_EPERM;
                }
            }
            default -> {
                if (flagOf(optname) == 0) {
                    return Errno.ERRNO_ENOPROTOOPT; // includes NETLINK_RX_RING/TX_RING: mmap is gone
                }
            }
        }
        sk.assignFlag(flagOf(optname), val != 0);
        return Errno.ERRNO_UNSPECIFIED;
    }

    static SockOptions.Value get(NetlinkSock sk, int optname, int optlen) {
        if (optlen < 0) {
            return SockOptions.Value.error(Errno.ERRNO_EINVAL);
        }
        if (optname == Netlink.NETLINK_LIST_MEMBERSHIPS) {
            // As many u32 words of nlk->groups as fit; the kernel reports the full size in optlen.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int pos = 0; pos * 8 < sk.ngroups; pos += 4) {
                if (optlen - pos < 4) {
                    break;
                }
                long word = sk.groups[pos / 8] >>> ((pos % 8) * 8);
                byte[] u32 = new byte[4];
                Le.put32(u32, 0, (int) word);
                out.writeBytes(u32);
            }
            return new SockOptions.Value(Errno.ERRNO_UNSPECIFIED, out.toByteArray());
        }
        int flag = flagOf(optname);
        if (flag == 0) {
            return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
        }
        if (optlen < 4) {
            return SockOptions.Value.error(Errno.ERRNO_EINVAL);
        }
        return SockOptions.Value.ofInt(sk.flag(flag) ? 1 : 0, 4);
    }
}
