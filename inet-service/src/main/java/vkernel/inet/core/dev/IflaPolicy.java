package vkernel.inet.core.dev;

import static vkernel.uapi.IfLink.*;

import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;

/**
 * ifla_policy (net/core/rtnetlink.c) as nlmsg_parse_deprecated applies it: an attribute
 * shorter than its type (or a name longer than IFNAMSIZ - 1) is ERANGE, one the kernel
 * only reports (IFLA_MIN_MTU ...) EINVAL; with strict checking also a type past
 * IFLA_MAX, or 0, is EINVAL.
 */
final class IflaPolicy {
    /** MAX_ADDR_LEN: the longest hardware address. */
    private static final int MAX_ADDR_LEN = 32;

    private IflaPolicy() {}

    static Errno validate(List<RtAttr> attrs, boolean strict) {
        for (RtAttr a : attrs) {
            int t = a.nlaType();
            int len = a.payload().length;
            if (t == 0 || t > IFLA_MAX) {
                if (strict) {
                    return Errno.ERRNO_EINVAL; // "Unknown attribute type"
                }
                continue;
            }
            switch (t) {
                case IFLA_CARRIER_CHANGES, IFLA_CARRIER_UP_COUNT, IFLA_CARRIER_DOWN_COUNT, IFLA_MIN_MTU, IFLA_MAX_MTU,
                        IFLA_TSO_MAX_SIZE, IFLA_TSO_MAX_SEGS, IFLA_ALLMULTI, IFLA_NETNS_IMMUTABLE -> {
                    return Errno.ERRNO_EINVAL; // NLA_REJECT
                }
                case IFLA_IFNAME -> {
                    if (len < 1 || a.stringLength() > IFNAMSIZ_MAX) {
                        return Errno.ERRNO_ERANGE;
                    }
                }
                case IFLA_ADDRESS, IFLA_BROADCAST -> {
                    if (len > MAX_ADDR_LEN) {
                        return Errno.ERRNO_ERANGE;
                    }
                }
                case IFLA_MTU, IFLA_LINK, IFLA_MASTER, IFLA_TXQLEN, IFLA_NET_NS_PID, IFLA_NET_NS_FD, IFLA_EXT_MASK,
                        IFLA_PROMISCUITY, IFLA_NUM_TX_QUEUES, IFLA_NUM_RX_QUEUES, IFLA_GSO_MAX_SEGS, IFLA_GSO_MAX_SIZE,
                        IFLA_GROUP, IFLA_TARGET_NETNSID, IFLA_GRO_MAX_SIZE, IFLA_GSO_IPV4_MAX_SIZE,
                        IFLA_GRO_IPV4_MAX_SIZE -> {
                    if (len < 4) {
                        return Errno.ERRNO_ERANGE;
                    }
                }
                case IFLA_OPERSTATE, IFLA_LINKMODE, IFLA_CARRIER, IFLA_PROTO_DOWN -> {
                    if (len < 1) {
                        return Errno.ERRNO_ERANGE;
                    }
                }
                default -> { }
            }
        }
        return null;
    }

    private static final int IFNAMSIZ_MAX = vkernel.uapi.If.IFNAMSIZ - 1;

    /** IFLA_INFO_KIND inside IFLA_LINKINFO, or null; a malformed tail is ignored (nla_parse_nested_deprecated). */
    static String kind(RtAttr linkinfo) {
        byte[] p = linkinfo.payload();
        for (RtAttr a : NlMsgParser.walkAttributes(p, 0, p.length)) {
            if (a.nlaType() == IFLA_INFO_KIND) {
                return a.string();
            }
        }
        return null;
    }
}
