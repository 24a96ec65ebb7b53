package vkernel.inet.core.fib;

import static vkernel.uapi.Rtnetlink.*;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.dev.NetDevice;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;

/**
 * Output routing (net/ipv4/route.c, ip_route_output_key_hash_rcu and __mkroute_output):
 * picks the route, the source address and the kind of delivery for a destination.
 * With lo the only device, a route either delivers locally (local and broadcast routes,
 * the zero address) or sends out of lo to an address nobody here owns: the packet is
 * lost, as it would be on Linux.
 */
public final class IpRoute {
    static final int RTCF_LOCAL = 0x80000000;
    static final int RTCF_BROADCAST = 0x10000000;
    static final int RTCF_MULTICAST = 0x20000000;

    private IpRoute() {}

    /** struct rtable, the parts the sockets read: type, flags, the addresses the flow got, the device. */
    public record Rtable(int type, int flags, int saddr, int daddr, int oif, int gw, FibResult res, Errno errno) {
        static Rtable fail(Errno e) {
            return new Rtable(0, 0, 0, 0, 0, 0, null, e);
        }

        public boolean ok() {
            return errno == Errno.ERRNO_UNSPECIFIED;
        }

        public boolean broadcast() {
            return (flags & RTCF_BROADCAST) != 0;
        }

        public boolean multicast() {
            return (flags & RTCF_MULTICAST) != 0;
        }

        /** Whether a packet on this route reaches a socket of this namespace. */
        public boolean deliversLocally() {
            return type == RTN_LOCAL || type == RTN_BROADCAST;
        }
    }

    /** ip_route_output_key for a flow from saddr (0: choose) to daddr, out of oif (0: any). */
    public static Rtable output(Net net, int daddr, int saddr, int oif, int scope) {
        Fib fib = net.fib();
        NetDevice devOut = null;
        if (saddr != 0) {
            if (Addr.isMulticast(saddr) || Addr.isLbcast(saddr) || Addr.isZeronet(saddr)) {
                return Rtable.fail(Errno.ERRNO_EINVAL);
            }
            if (oif == 0 && (Addr.isMulticast(daddr) || Addr.isLbcast(daddr))) {
                devOut = fib.devFind(saddr);
                if (devOut == null) {
                    return Rtable.fail(Errno.ERRNO_ENETUNREACH);
                }
                return mkroute(Addr.isLbcast(daddr) ? RTN_BROADCAST : RTN_MULTICAST, saddr, daddr, devOut, null);
            }
            if (fib.devFind(saddr) == null) {
                return Rtable.fail(Errno.ERRNO_ENETUNREACH);
            }
        }
        if (oif != 0) {
            devOut = fib.devByIndex(oif);
            if (devOut == null) {
                return Rtable.fail(Errno.ERRNO_ENODEV);
            }
            if (!devOut.up()) {
                return Rtable.fail(Errno.ERRNO_ENETUNREACH);
            }
            if (isLocalMulticast(daddr) || Addr.isLbcast(daddr)) {
                int src = saddr != 0 ? saddr : selectAddr(net, devOut, 0, RT_SCOPE_LINK);
                return mkroute(Addr.isLbcast(daddr) ? RTN_BROADCAST : RTN_MULTICAST, src, daddr, devOut, null);
            }
            if (saddr == 0) {
                if (Addr.isMulticast(daddr)) {
                    saddr = selectAddr(net, devOut, 0, scope);
                } else if (daddr == 0) {
                    saddr = selectAddr(net, devOut, 0, RT_SCOPE_HOST);
                }
            }
        }
        if (daddr == 0) {
            daddr = saddr;
            if (daddr == 0) {
                daddr = saddr = Addr.INADDR_LOOPBACK;
            }
            return new Rtable(RTN_LOCAL, RTCF_LOCAL, saddr, daddr, net.lo().ifindex, 0, null, Errno.ERRNO_UNSPECIFIED);
        }
        FibTrie.Lookup l = fib.lookup(new FibTrie.Flow(daddr, scope, oif, 0));
        if (l.errno() != Errno.ERRNO_UNSPECIFIED) {
            if (oif != 0) {
                // "Apparently, routing tables are wrong. Assume, that the destination is on link."
                int src = saddr != 0 ? saddr : selectAddr(net, devOut, 0, RT_SCOPE_LINK);
                return mkroute(RTN_UNICAST, src, daddr, devOut, null);
            }
            return Rtable.fail(l.errno());
        }
        FibResult res = l.res();
        if (res.type() == RTN_LOCAL) {
            if (saddr == 0) {
                saddr = res.fi().prefsrc() != 0 ? res.fi().prefsrc() : daddr;
            }
            return new Rtable(RTN_LOCAL, RTCF_LOCAL, saddr, daddr, net.lo().ifindex, 0, res, Errno.ERRNO_UNSPECIFIED);
        }
        NetDevice dev = fib.devByIndex(res.oif());
        if (saddr == 0) {
            saddr = res.fi().prefsrc() != 0 ? res.fi().prefsrc() : selectAddr(net, dev, res.fi().nh().gw(), res.fi().scope());
        }
        return mkroute(res.type(), saddr, daddr, dev, res);
    }

    /** __mkroute_output: the route's type and flags from the destination's class. */
    private static Rtable mkroute(int type, int saddr, int daddr, NetDevice dev, FibResult res) {
        if (Addr.isLbcast(daddr)) {
            type = RTN_BROADCAST;
        } else if (Addr.isMulticast(daddr)) {
            type = RTN_MULTICAST;
        } else if (Addr.isZeronet(daddr)) {
            return Rtable.fail(Errno.ERRNO_EINVAL);
        }
        int flags = dev != null && dev.loopback() ? RTCF_LOCAL : 0; // RTCF_LOCAL: out of the loopback device
        if (type == RTN_BROADCAST) {
            flags |= RTCF_BROADCAST | RTCF_LOCAL;
        } else if (type == RTN_MULTICAST) {
            flags |= RTCF_MULTICAST | RTCF_LOCAL; // as for a group the device joined (ip_check_mc_rcu)
        }
        int gw = res != null && type != RTN_BROADCAST ? res.fi().nh().gw() : 0;
        return new Rtable(type, flags, saddr, daddr, dev == null ? 0 : dev.ifindex, gw, res, Errno.ERRNO_UNSPECIFIED);
    }

    /** ipv4_is_local_multicast: 224.0.0.0/24. */
    private static boolean isLocalMulticast(int a) {
        return (a & 0xffffff00) == 0xe0000000;
    }

    /**
     * inet_select_addr: a primary address of the device whose scope is not wider than
     * asked, on dst's subnet if one is; else the first such address of any device
     * (in_dev_select_addr, scope link excluded). lo's 127.0.0.1 is scope host, so
     * routes of wider scope find a source only on another device.
     */
    static int selectAddr(Net net, NetDevice dev, int dst, int scope) {
        int addr = 0;
        if (dev != null) {
            for (InIfaddr ifa : dev.ifaList()) {
                if (ifa.secondary() || Math.min(ifa.scope(), RT_SCOPE_HOST) > scope) {
                    continue;
                }
                if (dst == 0 || ifa.onLink(dst)) {
                    return ifa.local();
                }
                if (addr == 0) {
                    addr = ifa.local();
                }
            }
        }
        if (addr != 0) {
            return addr;
        }
        for (NetDevice d : net.devices().all()) {
            for (InIfaddr ifa : d.ifaList()) {
                if (!ifa.secondary() && ifa.scope() != RT_SCOPE_LINK && ifa.scope() <= scope) {
                    return ifa.local();
                }
            }
        }
        return 0;
    }
}
