package vkernel.inet.core;

import java.util.List;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.dev.LinkChange;
import vkernel.inet.core.dev.RtmLink;
import vkernel.inet.core.fib.Devinet;
import vkernel.inet.core.fib.RtmAddr;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.uapi.Capability;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * This layer's rows of rtnetlink's handler table, by message type: PF_INET's routes
 * (ip_fib_init) and addresses (devinet_init), and the PF_UNSPEC link messages, whose
 * devices live here beside the FIB. The caller holds the namespace lock.
 */
final class Rtnl {
    private Rtnl() {}

    /** rtnetlink_rcv_msg's CAP_NET_ADMIN check for all but GET, then the doit. */
    static RtmRoute.DoitResult doit(Net net, Cred cred, byte[] nlmsg, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(nlmsg, 0);
        int type = h == null ? 0 : h.type();
        if ((type & 3) != 2 && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN)) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EPERM);
        }
        return switch (type) {
            case Rtnetlink.RTM_GETLINK -> RtmLink.getlink(net, nlmsg, portid, strictChk);
            case Rtnetlink.RTM_NEWLINK -> LinkChange.newlink(net, nlmsg);
            case Rtnetlink.RTM_SETLINK -> LinkChange.setlink(net, nlmsg);
            case Rtnetlink.RTM_DELLINK -> LinkChange.dellink(net, nlmsg);
            case Rtnetlink.RTM_NEWADDR -> Devinet.newaddr(net, nlmsg, portid);
            case Rtnetlink.RTM_DELADDR -> Devinet.deladdr(net, nlmsg, portid);
            default -> RtmRoute.doit(net, cred, nlmsg, portid, strictChk);
        };
    }

    /** RTM_GETROUTE (inet_dump_fib), RTM_GETADDR (inet_dump_ifaddr), RTM_GETLINK (rtnl_dump_ifinfo). */
    static RtmRoute.DumpResult dumpit(Net net, byte[] nlmsg, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(nlmsg, 0);
        if (h == null) {
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        return switch (h.type()) {
            case Rtnetlink.RTM_GETROUTE -> RtmRoute.dump(net, nlmsg, portid, strictChk);
            case Rtnetlink.RTM_GETADDR -> RtmAddr.dump(net, nlmsg, portid, strictChk);
            case Rtnetlink.RTM_GETLINK -> RtmLink.dump(net, nlmsg, portid, strictChk);
            default -> new RtmRoute.DumpResult(Errno.ERRNO_EOPNOTSUPP, List.of());
        };
    }
}
