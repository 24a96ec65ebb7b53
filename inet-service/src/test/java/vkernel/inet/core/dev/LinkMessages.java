package vkernel.inet.core.dev;

import java.util.List;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.Socks;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.IfLink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.IfInfoMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtAttr;

/** Link requests as ip-link sends them, for the core tests. */
public final class LinkMessages {
    private LinkMessages() {}

    /** nlmsghdr, ifinfomsg (index, flags, change) and attributes. */
    public static byte[] link(int type, int nlflags, int index, int flags, int change, RtAttr... attrs) {
        NlMsgBuilder b = new NlMsgBuilder(type, nlflags, 1, 0).fixed(new IfInfoMsg(0, 0, 0, index, flags, change).encode());
        for (RtAttr a : attrs) {
            b.attr(a);
        }
        return b.build();
    }

    public static RtAttr name(String n) {
        return RtAttr.string(IfLink.IFLA_IFNAME, n);
    }

    public static RtAttr kind(String k) {
        return RtAttr.nestedNoflag(IfLink.IFLA_LINKINFO, List.of(RtAttr.string(IfLink.IFLA_INFO_KIND, k)));
    }

    /** ip link add NAME type KIND. */
    public static RtmRoute.DoitResult add(AfInet af, String name, String kind) {
        return af.rtnlDoit(Socks.ROOT, link(Rtnetlink.RTM_NEWLINK, 0x605, 0, 0, 0, name(name), kind(kind)), 77, false,
                Trace.NONE);
    }

    /** ip link set dev INDEX up / down. */
    public static RtmRoute.DoitResult setUp(AfInet af, int index, boolean up) {
        return af.rtnlDoit(Socks.ROOT, link(Rtnetlink.RTM_SETLINK, 0x5, index, up ? 1 : 0, 1), 77, false, Trace.NONE);
    }

    /** ip addr add LOCAL/PLEN dev INDEX (IFA_LOCAL and IFA_ADDRESS), or del with RTM_DELADDR. */
    public static RtmRoute.DoitResult addr(AfInet af, int type, int index, String local, int plen) {
        byte[] a = vkernel.inet.core.Socks.addr(local + ":0");
        int in = (a[4] & 0xff) << 24 | (a[5] & 0xff) << 16 | (a[6] & 0xff) << 8 | (a[7] & 0xff);
        byte[] m = new NlMsgBuilder(type, 0x605, 1, 0)
                .ifaddrmsg(new vkernel.uapi.netlink.IfAddrMsg(2, plen, 0, 0, index))
                .attrInAddr(vkernel.uapi.IfAddr.IFA_LOCAL, in).attrInAddr(vkernel.uapi.IfAddr.IFA_ADDRESS, in).build();
        return af.rtnlDoit(Socks.ROOT, m, 77, false, Trace.NONE);
    }
}
