package vkernel.scenario;

import java.util.List;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SockAddr;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * Netlink replies as nldump and nlrecv print them (FORMAT.md, "Netlink helpers"),
 * decoded leniently as the oracle's NLMSG_OK / RTA_OK loops do: whatever does not fit
 * ends the walk instead of failing the call.
 */
final class RouteText {
    private static final String[] RTN_NAMES = {
        "RTN_UNSPEC", "RTN_UNICAST", "RTN_LOCAL", "RTN_BROADCAST", "RTN_ANYCAST", "RTN_MULTICAST",
        "RTN_BLACKHOLE", "RTN_UNREACHABLE", "RTN_PROHIBIT", "RTN_THROW", "RTN_NAT", "RTN_XRESOLVE"};

    private RouteText() {}

    /** The messages of the first {@code n} bytes of a datagram that NLMSG_OK accepts. */
    static List<NlMsg> messages(byte[] data, long n) {
        return NlMsgParser.walk(data, (int) Math.max(0, Math.min(n, data.length)));
    }

    /** nlrecv's RESULT: "N" then each message, the first after a blank, the others after ';'. */
    static String datagram(byte[] data, long n) {
        StringBuilder sb = new StringBuilder().append(n);
        List<NlMsg> msgs = messages(data, n);
        for (int i = 0; i < msgs.size(); i++) {
            sb.append(i == 0 ? " " : ";").append(message(msgs.get(i)));
        }
        return sb.toString();
    }

    /** NLMSG_ERROR(seq=S,error=E), NLMSG_DONE, RTM_NEWROUTE(ROUTE), RTM_DELROUTE(ROUTE), NLMSG(type=N). */
    static String message(NlMsg m) {
        switch (m.type()) {
            case Netlink.NLMSG_ERROR: {
                int e = -errorOf(m);
                return "NLMSG_ERROR(seq=" + Integer.toUnsignedString(m.header().seq()) + ",error="
                        + (e == 0 ? "0" : errnoName(e)) + ")";
            }
            case Netlink.NLMSG_DONE:
                return "NLMSG_DONE";
            case Rtnetlink.RTM_NEWROUTE:
                return "RTM_NEWROUTE(" + route(m) + ")";
            case Rtnetlink.RTM_DELROUTE:
                return "RTM_DELROUTE(" + route(m) + ")";
            default:
                return "NLMSG(type=" + m.type() + ")";
        }
    }

    /** ROUTE: table=T type=TYPE dst=A/L [gw=G] [oif=I] proto=P scope=S; "?" without a whole rtmsg. */
    static String route(NlMsg m) {
        byte[] p = m.payload();
        if (m.header().length() < NlMsgHdr.SIZE + RtMsg.SIZE) {
            return "?";
        }
        RtMsg rtm = RtMsg.decode(p, 0);
        long table = rtm.table();
        int dst = 0;
        Integer gw = null;
        Long oif = null;
        for (RtAttr a : NlMsgParser.walkAttributes(p, RtMsg.SIZE, p.length - RtMsg.SIZE)) {
            if (a.length() - RtAttr.HDRLEN < 4) {
                continue;
            }
            switch (a.type()) {
                case Rtnetlink.RTA_DST -> dst = a.inAddr();
                case Rtnetlink.RTA_GATEWAY -> gw = a.inAddr();
                case Rtnetlink.RTA_OIF -> oif = Integer.toUnsignedLong(a.u32());
                case Rtnetlink.RTA_TABLE -> table = Integer.toUnsignedLong(a.u32());
                default -> { }
            }
        }
        StringBuilder sb = new StringBuilder("table=").append(table).append(" type=")
                .append(rtm.type() < RTN_NAMES.length ? RTN_NAMES[rtm.type()] : Integer.toString(rtm.type()))
                .append(" dst=").append(SockAddr.formatIpv4(dst)).append('/').append(rtm.dstLen());
        if (gw != null) {
            sb.append(" gw=").append(SockAddr.formatIpv4(gw));
        }
        if (oif != null) {
            sb.append(" oif=").append(oif);
        }
        return sb.append(" proto=").append(rtm.protocol()).append(" scope=").append(rtm.scope()).toString();
    }

    /** The int an NLMSG_ERROR or NLMSG_DONE carries; 0 when the message is too short for one. */
    static int errorOf(NlMsg m) {
        return m.payload().length < 4 ? 0 : m.errorField();
    }

    static String errnoName(int number) {
        return new ErrnoException("", number).errnoName();
    }
}
