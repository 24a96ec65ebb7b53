package vkernel.netlink.core;

import static vkernel.netlink.core.NetlinkKernelCfg.NL_CFG_F_NONROOT_RECV;
import static vkernel.netlink.core.NetlinkKernelCfg.NL_CFG_F_NONROOT_SEND;
import static vkernel.uapi.Netlink.MAX_LINKS;
import static vkernel.uapi.Rtnetlink.RTNLGRP_IPV4_MROUTE_R;
import static vkernel.uapi.Rtnetlink.RTNLGRP_IPV6_MROUTE_R;
import static vkernel.uapi.Rtnetlink.RTNLGRP_MAX;

import vkernel.errno.v1.Errno;
import vkernel.netlink.core.NetlinkKernelCfg.BindHook;
import vkernel.netlink.core.NetlinkKernelCfg.KernelInput;
import vkernel.netlink.core.NetlinkKernelCfg.KernelSocket;
import vkernel.uapi.Capability;
import vkernel.uapi.Netlink;

/**
 * The nl_table[MAX_LINKS] configuration of a stock Linux 6.18 (recorded with the
 * conformance oracle: socket() for each protocol, NETLINK_ADD_MEMBERSHIP of each group
 * as root and as a user, a NOOP and a type-16 message to each kernel socket). Protocols
 * no built-in kernel code registers fail socket() with EPROTONOSUPPORT, as when their
 * module is not loaded.
 */
public final class NetlinkProtocols {
    /** vkernel's initial network namespace (init_net). */
    public static final long INIT_NETNS = 1;

    private static final String[] NAMES = {
        "route", "unused", "usersock", "firewall", "sock_diag", "nflog", "xfrm", "selinux",
        "iscsi", "audit", "fib_lookup", "connector", "netfilter", "ip6_fw", "dnrtmsg", "kobject_uevent",
        "generic", "proto17", "scsitransport", "ecryptfs", "rdma", "crypto", "smc"};

    private static final NetlinkKernelCfg[] NL_TABLE = new NetlinkKernelCfg[MAX_LINKS];

    static {
        for (int p = 0; p < MAX_LINKS; p++) {
            NL_TABLE[p] = new NetlinkKernelCfg(p, name(p), false, 0, 0, KernelSocket.NONE, BindHook.ANY, KernelInput.NONE);
        }
        // rtnetlink_net_init: rtnetlink_bind guards the two *_MROUTE_R groups.
        set(Netlink.NETLINK_ROUTE, RTNLGRP_MAX, NL_CFG_F_NONROOT_RECV, KernelSocket.EVERY_NET,
                (g, caps) -> (g == RTNLGRP_IPV4_MROUTE_R || g == RTNLGRP_IPV6_MROUTE_R) && !netAdmin(caps)
                        ? Errno.ERRNO_EPERM : Errno.ERRNO_UNSPECIFIED, KernelInput.RTNETLINK);
        // netlink_add_usersock_entry: no kernel socket; users may send, only admins listen.
        set(Netlink.NETLINK_USERSOCK, 32, NL_CFG_F_NONROOT_SEND, KernelSocket.NONE, BindHook.ANY, KernelInput.NONE);
        set(Netlink.NETLINK_SOCK_DIAG, 32, NL_CFG_F_NONROOT_RECV, KernelSocket.EVERY_NET, BindHook.ANY,
                KernelInput.SOCK_DIAG);
        set(Netlink.NETLINK_XFRM, 32, 0, KernelSocket.EVERY_NET, BindHook.ANY, KernelInput.XFRM);
        // selnl_init: init_net only, and it has no input function.
        set(Netlink.NETLINK_SELINUX, 32, NL_CFG_F_NONROOT_RECV, KernelSocket.INIT_NET, BindHook.ANY, KernelInput.NONE);
        // audit_multicast_bind: CAP_AUDIT_READ.
        set(Netlink.NETLINK_AUDIT, 32, NL_CFG_F_NONROOT_RECV, KernelSocket.EVERY_NET,
                (g, caps) -> Capability.capable(caps, Capability.CAP_AUDIT_READ) ? Errno.ERRNO_UNSPECIFIED
                        : Errno.ERRNO_EPERM, KernelInput.AUDIT);
        set(Netlink.NETLINK_FIB_LOOKUP, 32, 0, KernelSocket.EVERY_NET, BindHook.ANY, KernelInput.SILENT);
        // cn_bind lets users join the odd groups only (it tests bit 0 of the group number).
        set(Netlink.NETLINK_CONNECTOR, 32, NL_CFG_F_NONROOT_RECV, KernelSocket.INIT_NET,
                (g, caps) -> netAdmin(caps) || (g & 1) != 0 ? Errno.ERRNO_UNSPECIFIED : Errno.ERRNO_EPERM,
                KernelInput.SILENT);
        set(Netlink.NETLINK_NETFILTER, 32, 0, KernelSocket.EVERY_NET, BindHook.ANY, KernelInput.NETFILTER);
        set(Netlink.NETLINK_KOBJECT_UEVENT, 32, NL_CFG_F_NONROOT_RECV, KernelSocket.EVERY_NET, BindHook.ANY,
                KernelInput.UEVENT);
        // genetlink: 64 groups once the built-in families registered theirs; two are admin-only.
        set(Netlink.NETLINK_GENERIC, 64, NL_CFG_F_NONROOT_RECV, KernelSocket.EVERY_NET,
                (g, caps) -> (g == 9 || g == 10) && !netAdmin(caps) ? Errno.ERRNO_EPERM : Errno.ERRNO_UNSPECIFIED,
                KernelInput.GENERIC);
    }

    private NetlinkProtocols() {}

    private static void set(int p, int groups, int flags, KernelSocket ks, BindHook bind, KernelInput input) {
        NL_TABLE[p] = new NetlinkKernelCfg(p, name(p), true, Math.max(groups, 32), flags, ks, bind, input);
    }

    private static boolean netAdmin(long caps) {
        return Capability.capable(caps, Capability.CAP_NET_ADMIN);
    }

    /** nl_table[protocol]; the caller checked 0 <= protocol < MAX_LINKS. */
    public static NetlinkKernelCfg get(int protocol) {
        return NL_TABLE[protocol];
    }

    /** The protocol's short name (its Kafka topic is vkernel.netlink.NAME). */
    public static String name(int protocol) {
        return protocol >= 0 && protocol < NAMES.length ? NAMES[protocol] : "proto" + protocol;
    }

    /** The protocol of a short name, or -1. */
    public static int byName(String name) {
        for (int p = 0; p < MAX_LINKS; p++) {
            if (name(p).equals(name)) {
                return p;
            }
        }
        return -1;
    }
}
