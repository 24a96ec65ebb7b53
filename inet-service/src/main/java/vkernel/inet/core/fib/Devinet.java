package vkernel.inet.core.fib;

import static vkernel.uapi.IfAddr.*;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.dev.DevState;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.IfAddrMsg;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;

/**
 * net/ipv4/devinet.c: a device's IPv4 addresses (in_device's ifa_list), added by
 * inet_rtm_newaddr and removed by inet_rtm_deladdr, each change notified on
 * RTNLGRP_IPV4_IFADDR before the FIB hears of it (fib_add_ifaddr, fib_del_ifaddr).
 */
public final class Devinet {
    /** Flags only IPv6 addresses take (IPV6ONLY_FLAGS): __inet_insert_ifa drops them. */
    private static final int IPV6ONLY_FLAGS = IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_DADFAILED | IFA_F_HOMEADDRESS
            | IFA_F_TENTATIVE | IFA_F_MANAGETEMPADDR | IFA_F_STABLE_PRIVACY;
    private static final int INFINITY_LIFE_TIME = 0xffffffff;
    /** IPV4_MIN_MTU: below it a device takes no IPv4 address. */
    private static final int IPV4_MIN_MTU = 68;

    private Devinet() {}

    /** inet_ifa_byprefix: the primary address of this prefix on the device. */
    static InIfaddr byPrefix(NetDevice dev, int prefix, int mask) {
        for (InIfaddr ifa : dev.ifaList()) {
            if (!ifa.secondary() && ifa.mask() == mask && (ifa.address() & mask) == prefix) {
                return ifa;
            }
        }
        return null;
    }

    private record Parsed(IfAddrMsg ifm, List<RtAttr> attrs, Errno errno) {
        RtAttr attr(int type) {
            return RtAttr.find(attrs, type);
        }
    }

    /** nlmsg_parse_deprecated with ifa_ipv4_policy. */
    private static Parsed parse(byte[] msg) {
        if (msg.length < NlMsgHdr.SIZE + IfAddrMsg.SIZE) {
            return new Parsed(null, null, Errno.ERRNO_EINVAL);
        }
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(msg, IfAddrMsg.SIZE);
        for (RtAttr a : attrs) {
            int len = a.payload().length;
            int min = switch (a.nlaType()) {
                case IFA_LOCAL, IFA_ADDRESS, IFA_BROADCAST, IFA_FLAGS, IFA_RT_PRIORITY, IFA_TARGET_NETNSID -> 4;
                case IFA_CACHEINFO -> 16;
                case IFA_PROTO -> 1;
                default -> 0;
            };
            if (len < min || a.nlaType() == IFA_LABEL && a.stringLength() > vkernel.uapi.If.IFNAMSIZ - 1) {
                return new Parsed(null, null, Errno.ERRNO_ERANGE);
            }
        }
        return new Parsed(IfAddrMsg.decode(msg, NlMsgHdr.SIZE), attrs, null);
    }

    /** inet_rtm_newaddr: rtm_to_ifaddr, then a new address (__inet_insert_ifa) or EEXIST. */
    public static RtmRoute.DoitResult newaddr(Net net, byte[] msg, int portid) {
        Parsed p = parse(msg);
        if (p.errno() != null) {
            return RtmRoute.DoitResult.error(p.errno());
        }
        IfAddrMsg ifm = p.ifm();
        if (ifm.prefixlen() > 32 || p.attr(IFA_LOCAL) == null) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL); // "Invalid prefix length", "Local address is not supplied"
        }
        NetDevice dev = net.devices().getByIndex(ifm.index());
        if (dev == null) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_ENODEV);
        }
        int local = p.attr(IFA_LOCAL).inAddr();
        int address = p.attr(IFA_ADDRESS) != null ? p.attr(IFA_ADDRESS).inAddr() : local;
        int broadcast = p.attr(IFA_BROADCAST) != null ? p.attr(IFA_BROADCAST).inAddr() : 0;
        int flags = p.attr(IFA_FLAGS) != null ? p.attr(IFA_FLAGS).u32() : ifm.flags();
        String label = p.attr(IFA_LABEL) != null ? p.attr(IFA_LABEL).string() : dev.name();
        RtAttr ci = p.attr(IFA_CACHEINFO);
        if (ci != null) {
            int prefered = vkernel.uapi.netlink.Le.s32(ci.payload(), 0);
            int valid = vkernel.uapi.netlink.Le.s32(ci.payload(), 4);
            if (valid == 0 || Integer.compareUnsigned(prefered, valid) > 0) {
                return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL); // "address lifetime invalid"
            }
            if (valid != INFINITY_LIFE_TIME) {
                return RtmRoute.DoitResult.error(Errno.ERRNO_EOPNOTSUPP); // lifetimes that run out are not kept here
            }
        }
        int stamp = net.stampNow();
        // set_ifa_lifetime with an infinite lifetime: permanent
        InIfaddr ifa = new InIfaddr(local, address, broadcast, ifm.prefixlen(), (flags | IFA_F_PERMANENT) & ~IPV6ONLY_FLAGS,
                ifm.scope(), label, stamp, stamp);
        for (InIfaddr ifa1 : dev.ifaList()) {
            // find_matching_ifa
            if (ifa1.mask() == ifa.mask() && ifa.onLink(ifa1.address()) && ifa1.local() == ifa.local()) {
                return RtmRoute.DoitResult.error(Errno.ERRNO_EEXIST, "ipv4: Address already assigned"); // no NLM_F_REPLACE here
            }
        }
        return insert(net, dev, ifa, NlMsgHdr.peek(msg, 0).seq(), portid);
    }

    /** __inet_insert_ifa: a primary after the last primary of no narrower scope, a secondary (same subnet) last. */
    private static RtmRoute.DoitResult insert(Net net, NetDevice dev, InIfaddr ifa, int seq, int portid) {
        List<InIfaddr> list = dev.ifaList();
        int lastPrimary = 0;
        boolean secondary = false;
        for (int i = 0; i < list.size(); i++) {
            InIfaddr ifa1 = list.get(i);
            if (!ifa1.secondary() && ifa.scope() <= ifa1.scope()) {
                lastPrimary = i + 1;
            }
            if (ifa1.mask() == ifa.mask() && ifa.onLink(ifa1.address())) {
                if (ifa1.local() == ifa.local()) {
                    return RtmRoute.DoitResult.error(Errno.ERRNO_EEXIST);
                }
                if (ifa1.scope() != ifa.scope()) {
                    return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL, "ipv4: Invalid scope value");
                }
                secondary = true;
            }
        }
        int flags = secondary ? ifa.flags() | IFA_F_SECONDARY : ifa.flags() & ~IFA_F_SECONDARY;
        ifa = new InIfaddr(ifa.local(), ifa.address(), ifa.broadcast(), ifa.prefixlen(), flags, ifa.scope(), ifa.label(),
                ifa.cstamp(), ifa.tstamp());
        list.add(secondary ? list.size() : lastPrimary, ifa);
        DevState.changed(net, dev);
        List<RtmRoute.Notification> out = new ArrayList<>();
        out.add(new RtmRoute.Notification(Rtnetlink.RTNLGRP_IPV4_IFADDR,
                RtmAddr.fill(Rtnetlink.RTM_NEWADDR, dev, ifa, portid, seq, 0)));
        out.addAll(net.fib().addIfaddr(dev, ifa));
        return new RtmRoute.DoitResult(Errno.ERRNO_UNSPECIFIED, out, List.of());
    }

    /**
     * inetdev_event(NETDEV_UP) on a loopback device: 127.0.0.1/8, scope host, labelled with
     * the device, inserted (and routed) unless it is there already (a second up) or the MTU
     * is too small for IPv4 (inetdev_valid_mtu).
     */
    public static List<RtmRoute.Notification> loopbackUp(Net net, NetDevice dev) {
        if (dev.mtu() < IPV4_MIN_MTU) {
            return List.of();
        }
        int stamp = net.stampNow();
        InIfaddr ifa = new InIfaddr(Addr.INADDR_LOOPBACK, Addr.INADDR_LOOPBACK, 0, 8, IFA_F_PERMANENT, Rtnetlink.RT_SCOPE_HOST,
                dev.name(), stamp, stamp);
        return insert(net, dev, ifa, 0, 0).notifications();
    }

    /** inet_rtm_deladdr: the first address matching every field given; EADDRNOTAVAIL when none does. */
    public static RtmRoute.DoitResult deladdr(Net net, byte[] msg, int portid) {
        Parsed p = parse(msg);
        if (p.errno() != null) {
            return RtmRoute.DoitResult.error(p.errno());
        }
        NetDevice dev = net.devices().getByIndex(p.ifm().index());
        if (dev == null) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_ENODEV);
        }
        RtAttr local = p.attr(IFA_LOCAL);
        RtAttr label = p.attr(IFA_LABEL);
        RtAttr address = p.attr(IFA_ADDRESS);
        for (InIfaddr ifa : dev.ifaList()) {
            if (local != null && ifa.local() != local.inAddr()
                    || label != null && !label.string().equals(ifa.label())
                    || address != null && (p.ifm().prefixlen() != ifa.prefixlen() || !ifa.onLink(address.inAddr()))) {
                continue;
            }
            List<RtmRoute.Notification> out = new ArrayList<>();
            delIfa(net, dev, ifa, NlMsgHdr.peek(msg, 0).seq(), portid, out);
            return new RtmRoute.DoitResult(Errno.ERRNO_UNSPECIFIED, out, List.of());
        }
        return RtmRoute.DoitResult.error(Errno.ERRNO_EADDRNOTAVAIL, "ipv4: Address not found");
    }

    /**
     * __inet_del_ifa without promotion (promote_secondaries is 0): a primary takes its
     * subnet's secondaries with it, each notified and unrouted first.
     */
    private static void delIfa(Net net, NetDevice dev, InIfaddr ifa1, int seq, int portid,
            List<RtmRoute.Notification> out) {
        List<InIfaddr> list = dev.ifaList();
        if (!ifa1.secondary()) {
            for (InIfaddr ifa : List.copyOf(list.subList(list.indexOf(ifa1) + 1, list.size()))) {
                if (ifa.secondary() && ifa1.mask() == ifa.mask() && ifa1.onLink(ifa.address())) {
                    list.remove(ifa);
                    notifyDel(net, dev, ifa, seq, portid, out);
                }
            }
        }
        list.remove(ifa1);
        notifyDel(net, dev, ifa1, seq, portid, out);
        DevState.changed(net, dev);
    }

    private static void notifyDel(Net net, NetDevice dev, InIfaddr ifa, int seq, int portid,
            List<RtmRoute.Notification> out) {
        out.add(new RtmRoute.Notification(Rtnetlink.RTNLGRP_IPV4_IFADDR,
                RtmAddr.fill(Rtnetlink.RTM_DELADDR, dev, ifa, portid, seq, 0)));
        FibIfaddr.del(net.fib(), dev, ifa, false, out);
    }

    /**
     * inetdev_destroy: every address goes from the head of the list, notified, with what
     * routes fib_del_ifaddr finds left of it (a device closed first kept its local ones).
     */
    public static List<RtmRoute.Notification> destroy(Net net, NetDevice dev) {
        List<RtmRoute.Notification> out = new ArrayList<>();
        List<InIfaddr> list = dev.ifaList();
        while (!list.isEmpty()) {
            InIfaddr ifa = list.remove(0);
            out.add(new RtmRoute.Notification(Rtnetlink.RTNLGRP_IPV4_IFADDR,
                    RtmAddr.fill(Rtnetlink.RTM_DELADDR, dev, ifa, 0, 0, 0)));
            FibIfaddr.del(net.fib(), dev, ifa, true, out);
        }
        return out;
    }
}
