package vkernel.netlink.core;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * The input callbacks of the kernel sockets whose messages vkernel has no service for
 * (xfrm_user_rcv_msg, nfnetlink_rcv_msg, uevent_net_rcv_skb, genl_rcv_msg,
 * audit_receive_msg): their permission and length checks as Linux makes them, then the
 * answer of a kernel without the feature. The answers were recorded on the oracle.
 */
public final class NetlinkKernelInput {
    /** XFRM_MSG_MAX of Linux 6.18 (XFRM_MSG_GETDEFAULT). */
    static final int XFRM_MSG_MAX = 0x28;
    /** GENL_ID_CTRL: nlctrl, the one generic family with a fixed id. */
    static final int GENL_ID_CTRL = 16;
    static final int GENL_HDRLEN = 4;
    /** AUDIT_GET: the first audit request type. */
    static final int AUDIT_FIRST_USER_TYPE = 1000;

    private NetlinkKernelInput() {}

    /** The callback's answer for one request of a protocol in this class. */
    public static KernelAction.Done rcvMsg(NetlinkKernelCfg.KernelInput input, NlMsgHdr h, long caps) {
        return switch (input) {
            case XFRM -> {
                if (h.type() > XFRM_MSG_MAX) {
                    yield KernelAction.Done.of(Errno.ERRNO_EINVAL);
                }
                // "All operations require privileges, even GET"; no SAs or policies are kept here.
                yield KernelAction.Done.of(netAdmin(caps) ? Errno.ERRNO_EOPNOTSUPP : Errno.ERRNO_EPERM);
            }
            case NETFILTER -> KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP);
            case UEVENT -> KernelAction.Done.of(Capability.capable(caps, Capability.CAP_SYS_ADMIN)
                    ? Errno.ERRNO_UNSPECIFIED : Errno.ERRNO_EPERM);
            case GENERIC -> {
                if (h.type() != GENL_ID_CTRL) {
                    yield KernelAction.Done.of(Errno.ERRNO_ENOENT); // genl_family_find_byid
                }
                yield KernelAction.Done.of(h.payloadLength() < GENL_HDRLEN ? Errno.ERRNO_EINVAL
                        : Errno.ERRNO_EOPNOTSUPP);
            }
            case AUDIT -> KernelAction.Done.of(h.type() < AUDIT_FIRST_USER_TYPE ? Errno.ERRNO_EINVAL
                    : Errno.ERRNO_EOPNOTSUPP);
            default -> KernelAction.Done.OK;
        };
    }

    static boolean netAdmin(long caps) {
        return Capability.capable(caps, Capability.CAP_NET_ADMIN);
    }
}
