package vkernel.inet.core.fib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.ScenarioDriver;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Errnos;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * The scenario helpers nlroute, nldump and nlrecv (FORMAT.md) over the core's rtnetlink
 * handlers, with netlink_ack's acknowledgement and the route group's multicast done
 * here as netlink-service would: enough to compare route bytes with the oracle's.
 */
public final class NetlinkEmulation {
    private static final String[] RTN = {"RTN_UNSPEC", "RTN_UNICAST", "RTN_LOCAL", "RTN_BROADCAST", "RTN_ANYCAST",
        "RTN_MULTICAST", "RTN_BLACKHOLE", "RTN_UNREACHABLE", "RTN_PROHIBIT", "RTN_THROW", "RTN_NAT", "RTN_XRESOLVE"};

    private NetlinkEmulation() {}

    public static String call(ScenarioDriver d, Cred cred, Object nl, String name, List<String> a) {
        if (nl == null) {
            return ScenarioDriver.fail(Errno.ERRNO_EBADF);
        }
        switch (name) {
            case "nlroute" -> {
                byte[] msg = routeRequest(ScenarioDriver.nlSeq(nl), a);
                RtmRoute.DoitResult r = d.af().rtnlDoit(cred, msg, ScenarioDriver.nlPortid(nl), false, Trace.NONE);
                for (RtmRoute.Notification n : r.notifications()) {
                    d.multicast(n.group(), n.nlmsg());
                }
                ScenarioDriver.nlQueue(nl, List.of(ack(msg, r.errno(), ScenarioDriver.nlPortid(nl))));
                return Integer.toString(msg.length);
            }
            case "nlrecv" -> {
                List<byte[]> dgram = ScenarioDriver.nlDequeue(nl);
                if (dgram == null) {
                    return "BLOCKED";
                }
                int n = 0;
                List<String> parts = new ArrayList<>();
                for (byte[] m : dgram) {
                    n += m.length;
                    parts.add(describe(m));
                }
                return parts.isEmpty() ? Integer.toString(n) : n + " " + String.join(";", parts);
            }
            default -> {
                while (ScenarioDriver.nlDequeue(nl) != null) {
                    // iproute2 reads past whatever was queued before its answer
                }
                int seq = ScenarioDriver.nlSeq(nl);
                byte[] req = new NlMsgBuilder(Rtnetlink.RTM_GETROUTE, 0x301, seq, 0)
                        .rtmsg(new RtMsg(2, 0, 0, 0, 0, 0, 0, 0, 0)).build();
                RtmRoute.DumpResult r = d.af().rtnlDumpit(cred, req, ScenarioDriver.nlPortid(nl), false, Trace.NONE);
                if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
                    return ScenarioDriver.fail(r.errno());
                }
                List<String> routes = new ArrayList<>();
                for (byte[] m : r.messages()) {
                    routes.add(route(m));
                }
                Collections.sort(routes);
                return routes.isEmpty() ? "0" : routes.size() + " " + String.join(";", routes);
            }
        }
    }

    /** nlroute's message, as FORMAT.md describes it. */
    public static byte[] routeRequest(int seq, List<String> a) {
        boolean add = a.get(1).equals("add");
        String[] dst = a.get(2).split("/");
        int gw = 0;
        int dev = 0;
        int table = 254;
        for (int i = 3; i + 1 < a.size(); i += 2) {
            switch (a.get(i)) {
                case "via" -> gw = SockaddrIn.parseAddr(a.get(i + 1));
                case "dev" -> dev = Integer.parseInt(a.get(i + 1));
                case "table" -> table = Integer.parseInt(a.get(i + 1));
                default -> throw new IllegalArgumentException(a.get(i));
            }
        }
        int flags = add ? 0x1 | 0x4 | 0x400 | 0x200 : 0x1 | 0x4;
        NlMsgBuilder b = new NlMsgBuilder(add ? Rtnetlink.RTM_NEWROUTE : Rtnetlink.RTM_DELROUTE, flags, seq, 0)
                .rtmsg(new RtMsg(2, Integer.parseInt(dst[1]), 0, 0, table < 256 ? table : 0, 4,
                        gw != 0 ? 0 : 253, 1, 0))
                .attrInAddr(Rtnetlink.RTA_DST, SockaddrIn.parseAddr(dst[0]));
        if (gw != 0) {
            b.attrInAddr(Rtnetlink.RTA_GATEWAY, gw);
        }
        if (dev != 0) {
            b.attrU32(Rtnetlink.RTA_OIF, dev);
        }
        if (table >= 256) {
            b.attrU32(Rtnetlink.RTA_TABLE, table);
        }
        return b.build();
    }

    /** netlink_ack: NLMSG_ERROR with the request's header, and its payload too when it failed. */
    public static byte[] ack(byte[] req, Errno e, int portid) {
        NlMsgHdr h = NlMsgHdr.peek(req, 0);
        int copy = e == Errno.ERRNO_UNSPECIFIED ? NlMsgHdr.SIZE : req.length;
        byte[] body = new byte[4 + copy];
        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -e.getNumber());
        System.arraycopy(req, 0, body, 4, copy);
        return new NlMsgBuilder(Netlink.NLMSG_ERROR, e == Errno.ERRNO_UNSPECIFIED ? Netlink.NLM_F_CAPPED : 0, h.seq(), portid)
                .fixed(body).build();
    }

    public static String describe(byte[] m) {
        NlMsgHdr h = NlMsgHdr.peek(m, 0);
        switch (h.type()) {
            case Netlink.NLMSG_ERROR -> {
                int err = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
                String e = err == 0 ? "0" : Errnos.name(Errnos.of(-err));
                return "NLMSG_ERROR(seq=" + h.seq() + ",error=" + e + ")";
            }
            case Netlink.NLMSG_DONE -> {
                return "NLMSG_DONE";
            }
            case Rtnetlink.RTM_NEWROUTE -> {
                return "RTM_NEWROUTE(" + route(m) + ")";
            }
            case Rtnetlink.RTM_DELROUTE -> {
                return "RTM_DELROUTE(" + route(m) + ")";
            }
            default -> {
                return "NLMSG(type=" + h.type() + ")";
            }
        }
    }

    public static String route(byte[] m) {
        RtMsg r = RtMsg.peek(m);
        int table = r.table();
        String dst = "0.0.0.0";
        String gw = null;
        String oif = null;
        for (RtAttr a : NlMsgParser.nlmsgAttrs(m, RtMsg.SIZE)) {
            switch (a.nlaType()) {
                case Rtnetlink.RTA_TABLE -> table = a.u32();
                case Rtnetlink.RTA_DST -> dst = SockaddrIn.formatAddr(a.inAddr());
                case Rtnetlink.RTA_GATEWAY -> gw = SockaddrIn.formatAddr(a.inAddr());
                case Rtnetlink.RTA_OIF -> oif = Integer.toString(a.u32());
                default -> { }
            }
        }
        StringBuilder sb = new StringBuilder("table=" + table + " type=" + RTN[r.type()] + " dst=" + dst + "/" + r.dstLen());
        if (gw != null) {
            sb.append(" gw=").append(gw);
        }
        if (oif != null) {
            sb.append(" oif=").append(oif);
        }
        return sb.append(" proto=").append(r.protocol()).append(" scope=").append(r.scope()).toString();
    }
}
