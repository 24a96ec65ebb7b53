package vkernel.inet.core.fib;

import static vkernel.uapi.Rtnetlink.RTA_OIF;
import static vkernel.uapi.Rtnetlink.RTA_TABLE;
import static vkernel.uapi.Rtnetlink.RTM_F_CLONED;
import static vkernel.uapi.Rtnetlink.RTM_F_PREFIX;

import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * struct fib_dump_filter of a strictly checked RTM_GETROUTE dump, as ip_valid_fib_dump_req
 * (net/ipv4/fib_frontend.c) reads it from the request: the table, protocol, type and
 * output device to keep, and the rtm_flags. {@code errno} is set when the request is
 * refused, which ends the dump in NLMSG_DONE.
 */
record FibDumpFilter(Errno errno, int tableId, int protocol, int rtType, int oif, int flags) {
    private static FibDumpFilter refused(Errno e) {
        return new FibDumpFilter(e, 0, 0, 0, 0, 0);
    }

    static FibDumpFilter strict(Net net, byte[] msg) {
        RtMsg rtm = RtMsg.peek(msg);
        if (rtm == null || msg.length < NlMsgHdr.SIZE + RtMsg.SIZE) {
            return refused(Errno.ERRNO_EINVAL);
        }
        if (rtm.dstLen() != 0 || rtm.srcLen() != 0 || rtm.tos() != 0 || rtm.scope() != 0) {
            return refused(Errno.ERRNO_EINVAL);
        }
        if ((rtm.flags() & ~(RTM_F_CLONED | RTM_F_PREFIX)) != 0) {
            return refused(Errno.ERRNO_EINVAL);
        }
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(msg, RtMsg.SIZE);
        Errno bad = RtmRoute.validate(attrs); // nlmsg_parse_deprecated_strict's policy
        if (bad != null) {
            return refused(bad);
        }
        int table = rtm.table();
        int oif = 0;
        for (RtAttr a : attrs) {
            switch (a.nlaType()) {
                case RTA_TABLE -> table = a.u32();
                case RTA_OIF -> {
                    oif = a.u32();
                    if (net.fib().devByIndex(oif) == null) {
                        return refused(Errno.ERRNO_ENODEV); // before the filter is set: no NLM_F_DUMP_FILTERED
                    }
                }
                default -> {
                    return refused(Errno.ERRNO_EINVAL);
                }
            }
        }
        return new FibDumpFilter(null, table, rtm.protocol(), rtm.type(), oif, rtm.flags());
    }

    /** filter_set: something to filter by; cb->answer_flags then has NLM_F_DUMP_FILTERED. */
    boolean filterSet() {
        return flags != 0 || protocol != 0 || rtType != 0 || tableId != 0 || oif != 0;
    }

    int answerFlags() {
        return errno == null && filterSet() ? Netlink.NLM_F_DUMP_FILTERED : 0;
    }

    /** fn_trie_dump_leaf's checks of one route against the filter. */
    boolean keeps(FibAlias fa) {
        return (rtType == 0 || fa.type() == rtType) && (protocol == 0 || fa.fi().protocol() == protocol)
                && (oif == 0 || fa.fi().nh().oif() == oif);
    }
}
