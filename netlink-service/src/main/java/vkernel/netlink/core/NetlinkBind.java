package vkernel.netlink.core;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Capability;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;

/**
 * netlink_bind, netlink_connect and netlink_getname (net/netlink/af_netlink.c) on raw
 * struct sockaddr_nl bytes, checked as the kernel checks them: shorter than
 * sockaddr_nl or another family is EINVAL; joining groups takes NL_CFG_F_NONROOT_RECV
 * or CAP_NET_ADMIN, naming a peer NL_CFG_F_NONROOT_SEND or CAP_NET_ADMIN (EPERM).
 */
final class NetlinkBind {
    private NetlinkBind() {}

    /** netlink_allowed. */
    static boolean allowed(NetlinkSock sk, int flag, long caps) {
        return NetlinkProtocols.get(sk.protocol).allows(flag) || Capability.capable(caps, Capability.CAP_NET_ADMIN);
    }

    static Errno bind(AfNetlink af, Cred cred, NetlinkSock sk, byte[] addr, Trace t) {
        if (addr.length < SockaddrNl.SIZE || Le.u16(addr, 0) != Socket.AF_NETLINK) {
            return Errno.ERRNO_EINVAL;
        }
        int nlPid = Le.s32(addr, 4);
        long groups = Integer.toUnsignedLong(Le.s32(addr, 8));
        NetlinkKernelCfg cfg = NetlinkProtocols.get(sk.protocol);
        long caps = cred.getCapEffective();
        if (groups != 0) {
            if (!allowed(sk, NetlinkKernelCfg.NL_CFG_F_NONROOT_RECV, caps)) {
                return Errno.ERRNO_EPERM;
            }
            sk.reallocGroups(cfg.groups());
        }
        if (sk.ngroups < 64) {
            groups &= (1L << sk.ngroups) - 1;
        }
        if (sk.bound && nlPid != sk.portid) {
            return Errno.ERRNO_EINVAL;
        }
        for (int g = 0; g < 32 && groups != 0; g++) {
            if ((groups & (1L << g)) != 0) {
                Errno e = cfg.bind().bind(g + 1, caps);
                if (e != Errno.ERRNO_UNSPECIFIED) {
                    return e;
                }
            }
        }
        if (!sk.bound) {
            Errno e = nlPid != 0 ? NetlinkAutobind.insert(af.table, sk, nlPid, t)
                    : NetlinkAutobind.autobind(af.table, sk, cred.getPid(), af.random, t);
            if (e != Errno.ERRNO_UNSPECIFIED) {
                return e;
            }
        }
        if (groups == 0 && sk.groups0() == 0) {
            return Errno.ERRNO_UNSPECIFIED;
        }
        int subscriptions = sk.subscriptions + Long.bitCount(groups) - Integer.bitCount(sk.groups0());
        af.table.updateSubscriptions(sk, subscriptions);
        sk.groups[0] = (sk.groups[0] & ~0xffffffffL) | groups;
        t.field("groups", Integer.toUnsignedString(sk.groups0()));
        return Errno.ERRNO_UNSPECIFIED;
    }

    static Errno connect(AfNetlink af, Cred cred, NetlinkSock sk, byte[] addr, Trace t) {
        if (addr.length < 2) {
            return Errno.ERRNO_EINVAL;
        }
        int family = Le.u16(addr, 0);
        if (family == Socket.AF_UNSPEC) {
            sk.state = NetlinkSock.NETLINK_UNCONNECTED;
            sk.dstPortid = 0;
            sk.dstGroup = 0;
            return Errno.ERRNO_UNSPECIFIED;
        }
        if (family != Socket.AF_NETLINK || addr.length < SockaddrNl.SIZE) {
            return Errno.ERRNO_EINVAL;
        }
        int nlPid = Le.s32(addr, 4);
        int groups = Le.s32(addr, 8);
        if ((groups != 0 || nlPid != 0) && !allowed(sk, NetlinkKernelCfg.NL_CFG_F_NONROOT_SEND, cred.getCapEffective())) {
            return Errno.ERRNO_EPERM;
        }
        Errno err = Errno.ERRNO_UNSPECIFIED;
        if (!sk.bound) {
            err = NetlinkAutobind.autobind(af.table, sk, cred.getPid(), af.random, t);
        }
        if (err == Errno.ERRNO_UNSPECIFIED) {
            sk.state = NetlinkSock.NETLINK_CONNECTED;
            sk.dstPortid = nlPid;
            sk.dstGroup = ffs(groups);
        }
        return err;
    }

    /** netlink_getname: the peer (dst_portid, its group's mask) or ourselves (portid, groups[0]). */
    static byte[] getname(NetlinkSock sk, boolean peer) {
        if (peer) {
            return new SockaddrNl(sk.dstPortid, NetlinkMulticast.groupMask(sk.dstGroup)).encode();
        }
        return new SockaddrNl(sk.portid, sk.groups0()).encode();
    }

    /** ffs: the 1-based index of the lowest set bit, 0 for none. */
    static int ffs(int v) {
        return v == 0 ? 0 : Integer.numberOfTrailingZeros(v) + 1;
    }
}
