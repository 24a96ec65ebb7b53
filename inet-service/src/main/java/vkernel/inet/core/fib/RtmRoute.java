package vkernel.inet.core.fib;

import static vkernel.uapi.Rtnetlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Capability;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * The PF_INET route handlers of rtnetlink (net/ipv4/fib_frontend.c and route.c):
 * rtm_to_fib_config, inet_rtm_newroute, inet_rtm_delroute, inet_dump_fib and
 * inet_rtm_getroute. Each answers with the errno for the ack, the RTNLGRP_IPV4_ROUTE
 * notification a change makes, and any unicast reply.
 */
public final class RtmRoute {
    private RtmRoute() {}

    /** One multicast to send: the group and the whole message. */
    public record Notification(int group, byte[] nlmsg) {}

    /** A doit's answer; extack: the NL_SET_ERR_MSG text of a failure, or null. */
    public record DoitResult(Errno errno, List<Notification> notifications, List<byte[]> replies, String extack) {
        public DoitResult(Errno errno, List<Notification> notifications, List<byte[]> replies) {
            this(errno, notifications, replies, null);
        }

        public static DoitResult error(Errno e) {
            return new DoitResult(e, List.of(), List.of());
        }

        public static DoitResult error(Errno e, String extack) {
            return new DoitResult(e, List.of(), List.of(), extack);
        }
    }

    /**
     * A dumpit's answer, NLMSG_DONE left to netlink-service; answerFlags: cb->answer_flags
     * (NLM_F_DUMP_FILTERED), extack: NL_SET_ERR_MSG(cb->extack) of a failed dump (or null),
     * both for NLMSG_DONE.
     */
    public record DumpResult(Errno errno, List<byte[]> messages, int answerFlags, String extack) {
        public DumpResult(Errno errno, List<byte[]> messages) {
            this(errno, messages, 0, null);
        }

        public DumpResult(Errno errno, List<byte[]> messages, int answerFlags) {
            this(errno, messages, answerFlags, null);
        }
    }

    /** rtnetlink_rcv_msg: changing routes takes CAP_NET_ADMIN; then the doit of the message type. */
    public static DoitResult doit(Net net, Cred cred, byte[] msg, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null) {
            return DoitResult.error(Errno.ERRNO_EINVAL);
        }
        if ((h.type() & 3) != 2 && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN)) {
            return DoitResult.error(Errno.ERRNO_EPERM);
        }
        return switch (h.type()) {
            case RTM_NEWROUTE -> newroute(net, msg, portid);
            case RTM_DELROUTE -> delroute(net, msg, portid);
            case RTM_GETROUTE -> getroute(net, cred, msg, portid, strictChk);
            default -> DoitResult.error(Errno.ERRNO_EOPNOTSUPP);
        };
    }

    /** A parsed request, or its errno and extack. */
    private record Parsed(FibConfig cfg, Errno errno, String extack) {
        Parsed(FibConfig cfg, Errno errno) {
            this(cfg, errno, null);
        }
    }

    /** rtm_to_fib_config: validate (nlmsg_validate_deprecated with rtm_ipv4_policy) and read. */
    static Parsed toFibConfig(byte[] msg, int portid) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        RtMsg rtm = RtMsg.peek(msg);
        if (h == null || rtm == null) {
            return new Parsed(null, Errno.ERRNO_EINVAL);
        }
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(msg, RtMsg.SIZE);
        Errno bad = validate(attrs);
        if (bad != null) {
            return new Parsed(null, bad);
        }
        if ((rtm.tos() & 3) != 0) {
            return new Parsed(null, Errno.ERRNO_EINVAL); // "Invalid dsfield (tos): ECN bits must be 0"
        }
        if (rtm.type() > RTN_MAX) {
            return new Parsed(null, Errno.ERRNO_EINVAL);
        }
        int dst = 0;
        int oif = 0;
        int gw = 0;
        boolean hasGw = false;
        boolean hasVia = false;
        int priority = 0;
        int prefsrc = 0;
        int table = rtm.table();
        int nhId = 0;
        for (RtAttr a : attrs) {
            switch (a.nlaType()) {
                case RTA_DST -> dst = a.inAddr();
                case RTA_OIF -> oif = a.u32();
                case RTA_GATEWAY -> {
                    hasGw = true;
                    gw = a.inAddr();
                }
                case RTA_VIA -> {
                    hasVia = true;
                    if (a.payload().length < 2) {
                        return new Parsed(null, Errno.ERRNO_EINVAL);
                    }
                    int family = (a.payload()[0] & 0xff) | (a.payload()[1] & 0xff) << 8;
                    if (family != Socket.AF_INET || a.payload().length != 6) {
                        return new Parsed(null, Errno.ERRNO_EINVAL);
                    }
                    gw = ByteBuffer.wrap(a.payload()).order(ByteOrder.BIG_ENDIAN).getInt(2);
                }
                case RTA_PRIORITY -> priority = a.u32();
                case RTA_PREFSRC -> prefsrc = a.inAddr();
                case RTA_MULTIPATH -> {
                    return new Parsed(null, Errno.ERRNO_EINVAL); // one next hop per route here
                }
                case RTA_TABLE -> table = a.u32();
                case RTA_ENCAP -> {
                    return new Parsed(null, Errno.ERRNO_EOPNOTSUPP); // no lightweight tunnels
                }
                case RTA_NH_ID -> nhId = a.u32();
                default -> { }
            }
        }
        if (rtm.dstLen() > 32) {
            return new Parsed(null, Errno.ERRNO_EINVAL); // "Invalid prefix length"
        }
        if (rtm.dstLen() < 32 && (dst << rtm.dstLen()) != 0) {
            return new Parsed(null, Errno.ERRNO_EINVAL, "Invalid prefix for given prefix length");
        }
        if (nhId != 0 && (oif != 0 || gw != 0)) {
            return new Parsed(null, Errno.ERRNO_EINVAL);
        }
        if (hasGw && hasVia) {
            return new Parsed(null, Errno.ERRNO_EINVAL);
        }
        if (nhId != 0) {
            return new Parsed(null, Errno.ERRNO_EINVAL); // "Nexthop id does not exist"
        }
        if (table == 0) {
            table = RT_TABLE_MAIN;
        }
        return new Parsed(new FibConfig(rtm.dstLen(), rtm.tos() & 0xfc, table, rtm.protocol(), rtm.scope(), rtm.type(),
                rtm.flags(), h.flags(), dst, oif, gw, gw != 0, priority, prefsrc, portid, h.seq()), null);
    }

    /** validate_nla for each attribute of rtm_ipv4_policy: ERANGE when shorter than its type. */
    /**
     * inet_rtm_valid_getroute_req's strict half: prefix lengths 0 or 32, no table,
     * protocol, scope or type, no rtm_flags but NOTIFY, LOOKUP_TABLE and FIB_MATCH,
     * RTA_SRC/RTA_DST only with their length, and only the attributes a lookup takes.
     */
    private static Errno validGetrouteReq(RtMsg rtm, List<RtAttr> attrs) {
        if (rtm.srcLen() != 0 && rtm.srcLen() != 32 || rtm.dstLen() != 0 && rtm.dstLen() != 32 || rtm.table() != 0
                || rtm.protocol() != 0 || rtm.scope() != 0 || rtm.type() != 0) {
            return Errno.ERRNO_EINVAL;
        }
        if ((rtm.flags() & ~(RTM_F_NOTIFY | RTM_F_LOOKUP_TABLE | RTM_F_FIB_MATCH)) != 0) {
            return Errno.ERRNO_EINVAL;
        }
        Errno bad = validate(attrs); // nlmsg_parse_deprecated_strict's policy
        if (bad != null) {
            return bad;
        }
        for (RtAttr a : attrs) {
            switch (a.nlaType()) {
                case RTA_SRC -> {
                    if (rtm.srcLen() == 0) {
                        return Errno.ERRNO_EINVAL;
                    }
                }
                case RTA_DST -> {
                    if (rtm.dstLen() == 0) {
                        return Errno.ERRNO_EINVAL;
                    }
                }
                case RTA_IIF, RTA_OIF, RTA_IP_PROTO, RTA_SPORT, RTA_DPORT, RTA_MARK, RTA_UID -> { }
                default -> {
                    return Errno.ERRNO_EINVAL;
                }
            }
        }
        return null;
    }

    static Errno validate(List<RtAttr> attrs) {
        for (RtAttr a : attrs) {
            int t = a.nlaType();
            int len = a.payload().length;
            if (t <= 0 || t > RTA_MAX) {
                continue;
            }
            int min = switch (t) {
                case RTA_DST, RTA_SRC, RTA_IIF, RTA_OIF, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_FLOW, RTA_UID,
                        RTA_MARK, RTA_TABLE, RTA_NH_ID, RTA_FLOWLABEL -> 4;
                case RTA_MULTIPATH -> 8;
                case RTA_ENCAP_TYPE, RTA_SPORT, RTA_DPORT -> 2;
                case RTA_IP_PROTO -> 1;
                case RTA_METRICS, RTA_ENCAP -> len == 0 ? 0 : RtAttr.HDRLEN;
                default -> 0;
            };
            if (t >= RTA_NH_ID && len != 4) {
                return Errno.ERRNO_EINVAL; // strict from RTA_NH_ID on: exact length
            }
            if (len < min) {
                return Errno.ERRNO_ERANGE;
            }
        }
        return null;
    }

    /** inet_rtm_newroute: fib_new_table, then fib_table_insert. */
    static DoitResult newroute(Net net, byte[] msg, int portid) {
        Parsed p = toFibConfig(msg, portid);
        if (p.errno() != null) {
            return DoitResult.error(p.errno(), p.extack());
        }
        FibConfig cfg = p.cfg();
        FibTable tb = net.fib().newTable(cfg.table());
        FibSemantics.Created c = FibSemantics.createInfo(net.fib(), cfg);
        if (c.errno() != Errno.ERRNO_UNSPECIFIED) {
            return DoitResult.error(c.errno(), c.extack());
        }
        FibTable.Outcome o = tb.insert(cfg, c.fi());
        if (o.change() != null) {
            FibState.changed(net, tb.id, cfg.dst());
        }
        Trace t = net.trace().child("fib_table_insert").field("table", cfg.table())
                .field("dst", Addr.format(cfg.dst(), 0) + "/" + cfg.dstLen());
        t.endErrno(o.errno());
        return notify(RTM_NEWROUTE, cfg, o);
    }

    /** inet_rtm_delroute: the table must exist (ESRCH), then fib_table_delete. */
    static DoitResult delroute(Net net, byte[] msg, int portid) {
        Parsed p = toFibConfig(msg, portid);
        if (p.errno() != null) {
            return DoitResult.error(p.errno(), p.extack());
        }
        FibConfig cfg = p.cfg();
        FibTable tb = net.fib().getTable(cfg.table());
        if (tb == null) {
            return DoitResult.error(Errno.ERRNO_ESRCH, "FIB table does not exist");
        }
        FibTable.Outcome o = tb.delete(cfg);
        if (o.change() != null) {
            FibState.changed(net, tb.id, cfg.dst());
        }
        Trace t = net.trace().child("fib_table_delete").field("table", cfg.table())
                .field("dst", Addr.format(cfg.dst(), 0) + "/" + cfg.dstLen());
        t.endErrno(o.errno());
        return notify(RTM_DELROUTE, cfg, o);
    }

    /** rtmsg_fib: the change as RTNLGRP_IPV4_ROUTE sees it, echoed to the sender with NLM_F_ECHO. */
    private static DoitResult notify(int event, FibConfig cfg, FibTable.Outcome o) {
        if (o.errno() != Errno.ERRNO_UNSPECIFIED || o.change() == null) {
            return DoitResult.error(o.errno());
        }
        FibAlias fa = o.change().fa();
        byte[] m = FibSemantics.dumpInfo(event, cfg.portid(), cfg.seq(), o.change().nlflags(), fa);
        List<byte[]> replies = (cfg.nlflags() & Netlink.NLM_F_ECHO) != 0 ? List.of(m) : List.of();
        return new DoitResult(Errno.ERRNO_UNSPECIFIED, List.of(new Notification(RTNLGRP_IPV4_ROUTE, m)), replies);
    }

    /** inet_dump_fib: every route of every table, as RTM_NEWROUTE with NLM_F_MULTI. */
    public static DumpResult dump(Net net, byte[] msg, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null) {
            return new DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        List<byte[]> out = new ArrayList<>();
        if (!strictChk) {
            RtMsg rtm = RtMsg.peek(msg);
            if (rtm != null && (rtm.flags() & RTM_F_PREFIX) != 0) {
                return new DumpResult(Errno.ERRNO_UNSPECIFIED, out); // ipv4 does not use the prefix flag
            }
            for (FibTable tb : net.fib().tablesInDumpOrder()) {
                for (FibAlias fa : tb.aliases()) {
                    out.add(FibSemantics.dumpInfo(RTM_NEWROUTE, portid, h.seq(), Netlink.NLM_F_MULTI, fa));
                }
            }
            return new DumpResult(Errno.ERRNO_UNSPECIFIED, out);
        }
        FibDumpFilter f = FibDumpFilter.strict(net, msg);
        if (f.errno() != null) {
            return new DumpResult(f.errno(), out);
        }
        if ((f.flags() & RTM_F_PREFIX) != 0) {
            return new DumpResult(Errno.ERRNO_UNSPECIFIED, out, f.answerFlags()); // ipv4 has no prefix routes
        }
        List<FibTable> tables = net.fib().tablesInDumpOrder();
        if (f.tableId() != 0) {
            FibTable tb = net.fib().getTable(f.tableId());
            if (tb == null) {
                return new DumpResult(Errno.ERRNO_ENOENT, out, f.answerFlags(), "ipv4: FIB table does not exist");
            }
            tables = List.of(tb);
        }
        if ((f.flags() & RTM_F_CLONED) != 0) {
            // the next hops' exceptions alone, and no route here makes one
            return new DumpResult(Errno.ERRNO_UNSPECIFIED, out, f.answerFlags());
        }
        for (FibTable tb : tables) {
            for (FibAlias fa : tb.aliases()) {
                if (f.keeps(fa)) {
                    // fn_trie_dump_leaf flags every route of a strict dump: it leaves the exceptions out
                    out.add(FibSemantics.dumpInfo(RTM_NEWROUTE, portid, h.seq(),
                            Netlink.NLM_F_MULTI | Netlink.NLM_F_DUMP_FILTERED, fa));
                }
            }
        }
        return new DumpResult(Errno.ERRNO_UNSPECIFIED, out, f.answerFlags());
    }

    /** inet_rtm_getroute: the route to RTA_DST, as rt_fill_info (or fib_dump_info with RTM_F_FIB_MATCH) writes it. */
    static DoitResult getroute(Net net, Cred cred, byte[] msg, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        RtMsg rtm = RtMsg.peek(msg);
        if (rtm == null) {
            return DoitResult.error(Errno.ERRNO_EINVAL);
        }
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(msg, RtMsg.SIZE);
        Errno bad = strictChk ? validGetrouteReq(rtm, attrs) : validate(attrs);
        if (bad != null) {
            return DoitResult.error(bad);
        }
        int dst = 0;
        int src = 0;
        int oif = 0;
        int uid = cred.getUid();
        for (RtAttr a : attrs) {
            switch (a.nlaType()) {
                case RTA_DST -> dst = a.inAddr();
                case RTA_SRC -> src = a.inAddr();
                case RTA_OIF -> oif = a.u32();
                case RTA_UID -> uid = a.u32();
                case RTA_IIF -> {
                    if (a.u32() != 0) {
                        return DoitResult.error(Errno.ERRNO_ENODEV); // input routes are not simulated
                    }
                }
                default -> { }
            }
        }
        IpRoute.Rtable rt = IpRoute.output(net, dst, src, oif, RT_SCOPE_UNIVERSE);
        if (!rt.ok()) {
            return DoitResult.error(rt.errno());
        }
        int tableId = RT_TABLE_MAIN;
        if ((rtm.flags() & RTM_F_LOOKUP_TABLE) != 0) {
            // res.table: without policy rules fib_lookup searches the main table alone, into
            // which the local table is merged (fib_unmerge only runs when a rule is added)
            tableId = rt.res() != null ? RT_TABLE_MAIN : 0;
        }
        byte[] reply;
        if ((rtm.flags() & RTM_F_FIB_MATCH) != 0) {
            if (rt.res() == null) {
                return DoitResult.error(Errno.ERRNO_EHOSTUNREACH);
            }
            FibResult res = rt.res();
            FibAlias fa = new FibAlias(res.prefix(), 32 - res.prefixlen(), 0, rt.type(), tableId, res.fi());
            reply = FibSemantics.dumpInfo(RTM_NEWROUTE, portid, h.seq(), 0, fa);
        } else {
            int flags = (rt.flags() & ~0xffff) | RTM_F_CLONED | (rtm.flags() & RTM_F_NOTIFY);
            NlMsgBuilder b = new NlMsgBuilder(RTM_NEWROUTE, 0, h.seq(), portid)
                    .rtmsg(new RtMsg(Socket.AF_INET, 32, src != 0 ? 32 : 0, 0,
                            Integer.compareUnsigned(tableId, 256) < 0 ? tableId : RT_TABLE_COMPAT, 0, RT_SCOPE_UNIVERSE, rt.type(), flags))
                    .attrU32(RTA_TABLE, tableId)
                    .attrInAddr(RTA_DST, dst); // what was asked: 0.0.0.0 without RTA_DST
            if (src != 0) {
                b.attrInAddr(RTA_SRC, src);
            }
            if (rt.oif() != 0) {
                b.attrU32(RTA_OIF, rt.oif());
            }
            if (rt.saddr() != src) {
                b.attrInAddr(RTA_PREFSRC, rt.saddr());
            }
            if (rt.gw() != 0) {
                b.attrInAddr(RTA_GATEWAY, rt.gw());
            }
            b.attrU32(RTA_UID, uid);
            b.attr(RTA_CACHEINFO, cacheinfo(rt));
            reply = b.build();
        }
        return new DoitResult(Errno.ERRNO_UNSPECIFIED, List.of(), List.of(reply));
    }

    /**
     * rtnl_put_cacheinfo for a fresh lookup: struct rta_cacheinfo with rta_clntref the
     * dst's references, the rest 0 (just used, no expiry, no error). A route found in the
     * FIB is cached in its next hop (Linux 6.18 answers so for local, broadcast and
     * unicast routes alike): the cache holds one reference and the reply's skb one. A
     * route made without the FIB (to 0.0.0.0) has the skb's alone. References other
     * sockets hold on a cached route are not counted here.
     */
    private static byte[] cacheinfo(IpRoute.Rtable rt) {
        boolean cached = rt.res() != null && rt.res().fi() != null;
        return ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putInt(cached ? 2 : 1).array();
    }
}
