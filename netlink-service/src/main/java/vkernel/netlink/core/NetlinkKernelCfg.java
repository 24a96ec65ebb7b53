package vkernel.netlink.core;

import vkernel.errno.v1.Errno;

/**
 * nl_table[protocol] as netlink_kernel_create fills it from struct netlink_kernel_cfg
 * (net/netlink/af_netlink.c): how many multicast groups the protocol has (at least
 * 32), who may receive and send multicasts without CAP_NET_ADMIN (NL_CFG_F_NONROOT_*),
 * the per-group bind check, in which namespaces a kernel socket (portid 0) exists and
 * what it does with the messages users send it.
 */
public record NetlinkKernelCfg(int protocol, String name, boolean registered, int groups, int flags,
        KernelSocket kernelSocket, BindHook bind, KernelInput input) {
    /** NL_CFG_F_NONROOT_RECV: users without CAP_NET_ADMIN may join groups. */
    public static final int NL_CFG_F_NONROOT_RECV = 1 << 0;
    /** NL_CFG_F_NONROOT_SEND: users without CAP_NET_ADMIN may send to groups and portids. */
    public static final int NL_CFG_F_NONROOT_SEND = 1 << 1;

    /** Where the protocol's kernel socket lives. */
    public enum KernelSocket {
        /** No kernel socket (NETLINK_USERSOCK): sending to portid 0 is refused. */
        NONE,
        /** Made in init_net only (selinux, connector). */
        INIT_NET,
        /** Made by a pernet init in every namespace (rtnetlink, sock_diag ...). */
        EVERY_NET
    }

    /** The netlink_rcv function of the protocol's kernel socket. */
    public enum KernelInput {
        /** No input function: netlink_unicast_kernel answers ECONNREFUSED. */
        NONE,
        /** Takes every datagram and answers nothing (nl_fib_input without a FIB to ask, cn_rx_skb). */
        SILENT,
        /** rtnetlink_rcv. */
        RTNETLINK,
        /** sock_diag_rcv. */
        SOCK_DIAG,
        /** xfrm_netlink_rcv. */
        XFRM,
        /** audit_receive. */
        AUDIT,
        /** nfnetlink_rcv. */
        NETFILTER,
        /** uevent_net_rcv. */
        UEVENT,
        /** genl_rcv. */
        GENERIC
    }

    /** nlk->netlink_bind: may this task join group (1-based)? */
    @FunctionalInterface
    public interface BindHook {
        Errno bind(int group, long capEffective);

        BindHook ANY = (group, caps) -> Errno.ERRNO_UNSPECIFIED;
    }

    /** Is there a kernel socket in this namespace (vkernel's init_net is namespace 1)? */
    public boolean hasKernelSocket(long netns) {
        return switch (kernelSocket) {
            case NONE -> false;
            case INIT_NET -> netns == NetlinkProtocols.INIT_NETNS;
            case EVERY_NET -> true;
        };
    }

    /** netlink_allowed without the capability half. */
    public boolean allows(int flag) {
        return (flags & flag) != 0;
    }
}
