package vkernel.inet.core.fib;

import static vkernel.inet.core.fib.Fib.propsError;
import static vkernel.inet.core.fib.Fib.propsScope;
import static vkernel.uapi.Rtnetlink.*;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.dev.NetDevice;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtMsg;

/**
 * net/ipv4/fib_semantics.c: fib_create_info (is this route possible: scope, type, next
 * hop checks, in the kernel's order) and fib_dump_info (the RTM_NEWROUTE bytes of a route).
 */
final class FibSemantics {
    static final int RTNH_F_DEAD = 1;
    static final int RTNH_F_PERVASIVE = 2;
    static final int RTNH_F_ONLINK = 4;
    static final int RTNH_F_OFFLOAD = 8;
    static final int RTNH_F_LINKDOWN = 16;
    static final int RTNH_F_TRAP = 64;

    private FibSemantics() {}

    /** A fib_info, or why the route cannot be. */
    record Created(FibInfo fi, Errno errno, String extack) {
        static Created fail(Errno e) {
            return new Created(null, e, null);
        }

        static Created fail(Errno e, String extack) {
            return new Created(null, e, extack);
        }
    }

    /** fib_create_info. */
    static Created createInfo(Fib fib, FibConfig cfg) {
        if (cfg.type() > RTN_MAX) {
            return Created.fail(Errno.ERRNO_EINVAL);
        }
        if (propsScope(cfg.type()) > cfg.scope()) {
            return Created.fail(Errno.ERRNO_EINVAL); // "Invalid scope"
        }
        if ((cfg.flags() & (RTNH_F_DEAD | RTNH_F_LINKDOWN)) != 0) {
            return Created.fail(Errno.ERRNO_EINVAL);
        }
        int gw = cfg.hasGw() ? cfg.gw() : 0;
        FibInfo.Nh nh = new FibInfo.Nh(cfg.oif(), gw, RT_SCOPE_UNIVERSE, cfg.flags());
        if (propsError(cfg.type()) != Errno.ERRNO_UNSPECIFIED) {
            if (cfg.hasGw() || cfg.oif() != 0) {
                return Created.fail(Errno.ERRNO_EINVAL);
            }
            return new Created(info(cfg, new FibInfo.Nh(0, 0, RT_SCOPE_UNIVERSE, cfg.flags())), Errno.ERRNO_UNSPECIFIED, null);
        }
        switch (cfg.type()) {
            case RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST, RTN_MULTICAST -> { }
            default -> {
                return Created.fail(Errno.ERRNO_EINVAL);
            }
        }
        if (cfg.scope() > RT_SCOPE_HOST) {
            return Created.fail(Errno.ERRNO_EINVAL);
        }
        if (cfg.scope() == RT_SCOPE_HOST) {
            if (cfg.hasGw()) {
                return Created.fail(Errno.ERRNO_EINVAL, "Route with host scope can not have a gateway");
            }
            if (fib.devByIndex(cfg.oif()) == null) {
                return Created.fail(Errno.ERRNO_ENODEV);
            }
            nh = new FibInfo.Nh(cfg.oif(), 0, RT_SCOPE_NOWHERE, nh.flags());
        } else {
            Checked c = cfg.hasGw() ? checkNhGw(fib, nh, cfg.table(), cfg.scope()) : checkNhNongw(fib, nh);
            if (c.errno() != Errno.ERRNO_UNSPECIFIED) {
                return Created.fail(c.errno(), c.extack());
            }
            nh = c.nh();
        }
        if (cfg.prefsrc() != 0 && !validPrefsrc(fib, cfg)) {
            return Created.fail(Errno.ERRNO_EINVAL, "Invalid prefsrc address");
        }
        return new Created(info(cfg, nh), Errno.ERRNO_UNSPECIFIED, null);
    }

    private static FibInfo info(FibConfig cfg, FibInfo.Nh nh) {
        return new FibInfo(cfg.protocol(), cfg.scope(), cfg.flags(), cfg.priority(), cfg.prefsrc(), cfg.type(),
                cfg.table(), nh);
    }

    private record Checked(FibInfo.Nh nh, Errno errno, String extack) {
        Checked(FibInfo.Nh nh, Errno errno) {
            this(nh, errno, null);
        }
    }

    /** fib_check_nh_nongw: a device route needs its device, up. */
    private static Checked checkNhNongw(Fib fib, FibInfo.Nh nh) {
        if ((nh.flags() & (RTNH_F_PERVASIVE | RTNH_F_ONLINK)) != 0) {
            return new Checked(null, Errno.ERRNO_EINVAL);
        }
        NetDevice dev = fib.devByIndex(nh.oif());
        if (dev == null) {
            return new Checked(null, Errno.ERRNO_ENODEV);
        }
        if (!dev.up()) {
            return new Checked(null, Errno.ERRNO_ENETDOWN, "Device for nexthop is not up");
        }
        return new Checked(new FibInfo.Nh(nh.oif(), 0, RT_SCOPE_HOST, nh.flags()), Errno.ERRNO_UNSPECIFIED);
    }

    /** fib_check_nh_v4_gw: the gateway must be reachable by a route of narrower scope. */
    private static Checked checkNhGw(Fib fib, FibInfo.Nh nh, int table, int scope) {
        if ((nh.flags() & RTNH_F_ONLINK) != 0) {
            if (scope >= RT_SCOPE_LINK) {
                return new Checked(null, Errno.ERRNO_EINVAL);
            }
            NetDevice dev = fib.devByIndex(nh.oif());
            if (dev == null) {
                return new Checked(null, Errno.ERRNO_ENODEV);
            }
            if (!dev.up()) {
                return new Checked(null, Errno.ERRNO_ENETDOWN, "Nexthop device is not up");
            }
            if (fib.inetAddrType(nh.gw()) != RTN_UNICAST) {
                return new Checked(null, Errno.ERRNO_EINVAL);
            }
            return new Checked(new FibInfo.Nh(nh.oif(), nh.gw(), RT_SCOPE_LINK, nh.flags()), Errno.ERRNO_UNSPECIFIED);
        }
        FibTrie.Flow fl4 = new FibTrie.Flow(nh.gw(), Math.max(scope + 1, RT_SCOPE_LINK), nh.oif(), 0);
        FibTrie.Lookup r = null;
        if (table != 0 && table != RT_TABLE_MAIN) {
            FibTable tbl = fib.getTable(table);
            if (tbl != null) {
                r = fib.tableLookup(tbl, fl4);
            }
        }
        if (r == null || r.errno() != Errno.ERRNO_UNSPECIFIED) {
            r = fib.lookup(fl4);
        }
        if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
            return new Checked(null, r.errno(), "Nexthop has invalid gateway");
        }
        FibResult res = r.res();
        if (res.type() != RTN_UNICAST && res.type() != RTN_LOCAL) {
            return new Checked(null, Errno.ERRNO_EINVAL);
        }
        NetDevice dev = fib.devByIndex(res.oif());
        if (dev == null) {
            return new Checked(null, Errno.ERRNO_EINVAL);
        }
        if (!dev.up()) {
            return new Checked(null, Errno.ERRNO_ENETDOWN);
        }
        return new Checked(new FibInfo.Nh(res.oif(), nh.gw(), res.scope(), nh.flags()), Errno.ERRNO_UNSPECIFIED);
    }

    /** fib_valid_prefsrc: a preferred source must be a local address. */
    private static boolean validPrefsrc(Fib fib, FibConfig cfg) {
        if (cfg.type() != RTN_LOCAL || cfg.dst() == 0 || cfg.prefsrc() != cfg.dst()) {
            return fib.inetAddrType(cfg.prefsrc()) == RTN_LOCAL;
        }
        return true;
    }

    /** fib_dump_info: one RTM_NEWROUTE / RTM_DELROUTE message for a route. */
    static byte[] dumpInfo(int event, int portid, int seq, int flags, FibAlias fa) {
        FibInfo fi = fa.fi();
        FibInfo.Nh nh = fi.nh();
        int rtmFlags = nh.flags() & (RTNH_F_DEAD | RTNH_F_LINKDOWN | RTNH_F_ONLINK | RTNH_F_OFFLOAD | RTNH_F_TRAP);
        int table = Integer.compareUnsigned(fa.tbId(), 256) < 0 ? fa.tbId() : RT_TABLE_COMPAT;
        NlMsgBuilder b = new NlMsgBuilder(event, flags, seq, portid)
                .rtmsg(new RtMsg(Socket.AF_INET, fa.dstLen(), 0, fa.dscp(), table, fi.protocol(), fi.scope(),
                        fa.type(), rtmFlags))
                .attrU32(RTA_TABLE, fa.tbId());
        if (fa.dstLen() != 0) {
            b.attrInAddr(RTA_DST, fa.key());
        }
        if (fi.priority() != 0) {
            b.attrU32(RTA_PRIORITY, fi.priority());
        }
        if (fi.prefsrc() != 0) {
            b.attrInAddr(RTA_PREFSRC, fi.prefsrc());
        }
        if (nh.gw() != 0) {
            b.attrInAddr(RTA_GATEWAY, nh.gw());
        }
        if (nh.oif() != 0) {
            b.attrU32(RTA_OIF, nh.oif());
        }
        return b.build();
    }
}
