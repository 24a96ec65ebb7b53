package vkernel.netlink.core;

import static vkernel.uapi.Rtnetlink.RTM_BASE;
import static vkernel.uapi.Rtnetlink.RTM_GETADDR;
import static vkernel.uapi.Rtnetlink.RTM_GETNETCONF;
import static vkernel.uapi.Rtnetlink.RTM_GETROUTE;
import static vkernel.uapi.Rtnetlink.RTM_MAX;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * rtnetlink_rcv_msg (net/core/rtnetlink.c): a type past RTM_MAX is EOPNOTSUPP; a message
 * too short for its rtgenmsg is ignored; every kind but GET needs CAP_NET_ADMIN; then the
 * handler of (family, type) is looked up, falling back to PF_UNSPEC, and a missing one
 * is EOPNOTSUPP. GET with NLM_F_DUMP runs the dumpit. rtnetlink's own PF_UNSPEC dumpit
 * rtnl_dump_all (RTM_GETADDR, RTM_GETROUTE, RTM_GETNETCONF) dumps every family that
 * has one; here it exists while at least one family service does.
 */
public final class Rtnetlink {
    /** enum rtnl_kinds (include/net/rtnetlink.h): the low two bits of type - RTM_BASE. */
    public static final int RTNL_KIND_NEW = 0;
    public static final int RTNL_KIND_DEL = 1;
    public static final int RTNL_KIND_GET = 2;
    public static final int RTNL_KIND_SET = 3;

    private Rtnetlink() {}

    /** rtnl_msgtype_kind. */
    public static int kind(int msgtype) {
        return (msgtype - RTM_BASE) & 3;
    }

    /** The decision of rtnetlink_rcv_msg for one request (type >= NLMSG_MIN_TYPE, NLM_F_REQUEST set). */
    public static KernelAction rcvMsg(NlMsgHdr h, byte[] msg, long capEffective, RtnlHandlerTable handlers, long now) {
        int type = h.type();
        if (type > RTM_MAX) {
            return KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP);
        }
        if (h.payloadLength() < 1) {
            return KernelAction.Done.OK; // "All the messages must have at least 1 byte length"
        }
        int family = msg[NlMsgHdr.SIZE] & 0xff;
        int kind = kind(type);
        if (kind != RTNL_KIND_GET && !Capability.capable(capEffective, Capability.CAP_NET_ADMIN)) {
            return KernelAction.Done.of(Errno.ERRNO_EPERM);
        }
        if (kind == RTNL_KIND_GET && (h.flags() & Netlink.NLM_F_DUMP) != 0) {
            RtnlHandlerTable.Row link = link(handlers, family, type, true);
            if (link != null) {
                return new KernelAction.Dumpit(List.of(target(link)), false);
            }
            if (type == RTM_GETADDR || type == RTM_GETROUTE || type == RTM_GETNETCONF) {
                List<KernelAction.Target> all = new ArrayList<>();
                for (RtnlHandlerTable.Row r : handlers.dumpAll(type, now)) {
                    all.add(target(r));
                }
                if (!all.isEmpty()) {
                    return new KernelAction.Dumpit(all, false);
                }
            }
            return KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP);
        }
        RtnlHandlerTable.Row link = link(handlers, family, type, false);
        if (link == null) {
            return KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP);
        }
        if (kind == RTNL_KIND_DEL && (h.flags() & Netlink.NLM_F_BULK) != 0) {
            // No family service declares RTNL_FLAG_BULK_DEL_SUPPORTED.
            return new KernelAction.Done(Errno.ERRNO_EOPNOTSUPP, "Bulk delete is not supported");
        }
        return new KernelAction.Doit(target(link));
    }

    private static KernelAction.Target target(RtnlHandlerTable.Row r) {
        return new KernelAction.Target(r.address(), r.instanceId());
    }

    /**
     * rtnl_get_link for the family, then PF_UNSPEC, keeping only a row with the wanted op; a
     * row whose service is restarting counts (its call waits for it).
     */
    private static RtnlHandlerTable.Row link(RtnlHandlerTable handlers, int family, int type, boolean dump) {
        RtnlHandlerTable.Row r = handlers.lookupOrLapsed(family, type);
        if (r == null || !(dump ? r.dumpit() : r.doit())) {
            r = handlers.lookupOrLapsed(Socket.PF_UNSPEC, type);
            if (r == null || !(dump ? r.dumpit() : r.doit())) {
                return null;
            }
        }
        return r;
    }
}
