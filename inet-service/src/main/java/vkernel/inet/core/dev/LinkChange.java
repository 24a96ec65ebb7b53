package vkernel.inet.core.dev;

import static vkernel.uapi.IfLink.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.uapi.If;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.IfInfoMsg;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;

/**
 * The link changes of rtnetlink (net/core/rtnetlink.c): rtnl_newlink (a new "dummy" or
 * "ifb" device, or do_setlink on an existing one), rtnl_setlink and rtnl_dellink, with
 * the RTNLGRP_LINK notifications they make and what the devices' notifier chain does
 * to addresses and routes ({@link NetdevEvents}).
 */
public final class LinkChange {
    /** The kinds rtnl_link_ops_get finds: drivers/net/dummy.c and ifb.c. */
    private static final List<String> KINDS = List.of("dummy", "ifb");

    private LinkChange() {}

    /** A request parsed as rtnl_newlink / rtnl_setlink / rtnl_dellink read it, or its errno. */
    private record Req(NlMsgHdr h, IfInfoMsg ifm, List<RtAttr> attrs, String ifname, boolean hasLinkinfo, String kind,
            Errno errno) {
        static Req fail(Errno e) {
            return new Req(null, null, null, null, false, null, e);
        }

        RtAttr attr(int type) {
            return RtAttr.find(attrs, type);
        }
    }

    private static Req parse(byte[] msg) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null || msg.length < NlMsgHdr.SIZE + IfInfoMsg.SIZE) {
            return Req.fail(Errno.ERRNO_EINVAL);
        }
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(msg, IfInfoMsg.SIZE);
        Errno bad = IflaPolicy.validate(attrs, false);
        if (bad != null) {
            return Req.fail(bad);
        }
        String ifname = null;
        String kind = null;
        boolean linkinfo = false;
        for (RtAttr a : attrs) {
            if (a.nlaType() == IFLA_IFNAME) {
                ifname = a.string();
            } else if (a.nlaType() == IFLA_LINKINFO) {
                linkinfo = true;
                kind = IflaPolicy.kind(a);
            }
        }
        return new Req(h, IfInfoMsg.decode(msg, NlMsgHdr.SIZE), attrs, ifname, linkinfo, kind, null);
    }

    /** rtnl_newlink: change the device named (by index, else by name), or make one of the kind asked for. */
    public static RtmRoute.DoitResult newlink(Net net, byte[] msg) {
        Req r = parse(msg);
        if (r.errno() != null) {
            return RtmRoute.DoitResult.error(r.errno());
        }
        NetDeviceTable table = net.devices();
        NetDevice dev = r.ifm().index() > 0 ? table.getByIndex(r.ifm().index())
                : r.ifname() != null && !r.ifname().isEmpty() ? table.getByName(r.ifname()) : null;
        List<RtmRoute.Notification> out = new ArrayList<>();
        if (dev != null) {
            if ((r.h().flags() & Netlink.NLM_F_EXCL) != 0) {
                return RtmRoute.DoitResult.error(Errno.ERRNO_EEXIST);
            }
            if ((r.h().flags() & Netlink.NLM_F_REPLACE) != 0) {
                return RtmRoute.DoitResult.error(Errno.ERRNO_EOPNOTSUPP);
            }
            return done(doSetlink(net, dev, r, out), out);
        }
        if ((r.h().flags() & Netlink.NLM_F_CREATE) == 0) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_ENODEV);
        }
        if (r.attr(IFLA_MAP) != null) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EOPNOTSUPP);
        }
        if (r.kind() == null || !KINDS.contains(r.kind())) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EOPNOTSUPP); // "Unknown device type"
        }
        return done(createLink(net, r, out), out);
    }

    private static RtmRoute.DoitResult done(Errno e, List<RtmRoute.Notification> out) {
        return new RtmRoute.DoitResult(e == null ? Errno.ERRNO_UNSPECIFIED : e, out, List.of());
    }

    /** rtnl_create_link, register_netdevice and rtnl_configure_link: one notification, with the flags asked for. */
    private static Errno createLink(Net net, Req r, List<RtmRoute.Notification> out) {
        NetDeviceTable table = net.devices();
        String want = r.ifname() != null ? r.ifname() : r.kind() + "%d";
        String[] name = new String[1];
        Errno e = validName(table, want, name);
        if (e != null) {
            return e;
        }
        RtAttr addr = r.attr(IFLA_ADDRESS);
        if (addr != null && addr.payload().length < 6) {
            return Errno.ERRNO_EINVAL; // validate_linkmsg: shorter than dev->addr_len
        }
        boolean asked = r.ifm().index() > 0;
        int ifindex = asked ? r.ifm().index() : table.newIndex();
        NetDevice dev = NetDevice.ether(ifindex, name[0], r.kind(), addr != null
                ? java.util.Arrays.copyOf(addr.payload(), 6) : randomEtherAddr());
        RtAttr mtu = r.attr(IFLA_MTU);
        if (mtu != null) {
            dev.mtu = mtu.u32(); // dev_validate_mtu: these devices have no minimum or maximum
        }
        RtAttr txqlen = r.attr(IFLA_TXQLEN);
        if (txqlen != null) {
            dev.txqlen = txqlen.u32();
        }
        dev.createdStamp = net.stampNow();
        table.register(dev, !asked);
        if (r.ifm().flags() != 0 || r.ifm().change() != 0) {
            dev.flags = combineFlags(dev, r.ifm());
            if (dev.up()) {
                dev.qdisc = dev.defaultQdisc();
            }
        }
        DevState.changed(net, dev);
        out.add(RtmLink.notify(Rtnetlink.RTM_NEWLINK, dev, ~0));
        if (dev.up()) {
            out.addAll(NetdevEvents.up(net, dev));
        }
        return null;
    }

    /** eth_hw_addr_random: a random unicast, locally administered address. */
    private static byte[] randomEtherAddr() {
        byte[] a = new byte[6];
        ThreadLocalRandom.current().nextBytes(a);
        a[0] = (byte) ((a[0] & 0xfe) | 0x02);
        return a;
    }

    /** dev_prep_valid_name: a valid name, free, or a %d pattern made free (dev_alloc_name). */
    private static Errno validName(NetDeviceTable table, String want, String[] res) {
        if (!devValidName(want)) {
            return Errno.ERRNO_EINVAL;
        }
        int p = want.indexOf('%');
        if (p < 0) {
            if (table.getByName(want) != null) {
                return Errno.ERRNO_EEXIST;
            }
            res[0] = want;
            return null;
        }
        if (p + 1 >= want.length() || want.charAt(p + 1) != 'd' || want.indexOf('%', p + 2) >= 0) {
            return Errno.ERRNO_EINVAL;
        }
        for (int i = 0; i < 32768; i++) {
            String n = want.substring(0, p) + i + want.substring(p + 2);
            if (n.length() >= If.IFNAMSIZ) {
                n = n.substring(0, If.IFNAMSIZ - 1);
            }
            if (table.getByName(n) == null) {
                res[0] = n;
                return null;
            }
        }
        return Errno.ERRNO_ENFILE;
    }

    /** dev_valid_name. */
    static boolean devValidName(String name) {
        if (name.isEmpty() || name.length() >= If.IFNAMSIZ || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    /** rtnl_dev_combine_flags: ifi_change selects the bits ifi_flags sets; none selects all. */
    private static int combineFlags(NetDevice dev, IfInfoMsg ifm) {
        int flags = ifm.flags();
        if (ifm.change() != 0) {
            flags = (dev.flags & ~ifm.change()) | (flags & ifm.change());
        }
        // __dev_change_flags takes only these from userspace
        int mask = If.IFF_DEBUG | If.IFF_NOTRAILERS | If.IFF_NOARP | If.IFF_DYNAMIC | If.IFF_MULTICAST
                | If.IFF_PORTSEL | If.IFF_AUTOMEDIA | If.IFF_UP | If.IFF_PROMISC | If.IFF_ALLMULTI;
        return (dev.flags & ~mask) | (flags & mask & ~(If.IFF_PROMISC | If.IFF_ALLMULTI))
                | (dev.flags & (If.IFF_PROMISC | If.IFF_ALLMULTI));
    }

    /** A request and the existing device it names, or why there is none. */
    private record Named(Req req, NetDevice dev, Errno errno) {}

    /** The device a request names: by ifi_index, else by IFLA_IFNAME (rtnl_dev_get); neither is EINVAL. */
    private static Named named(Net net, byte[] msg) {
        Req r = parse(msg);
        if (r.errno() != null) {
            return new Named(r, null, r.errno());
        }
        if (r.ifm().index() <= 0 && r.ifname() == null) {
            return new Named(r, null, Errno.ERRNO_EINVAL);
        }
        NetDevice dev = r.ifm().index() > 0 ? net.devices().getByIndex(r.ifm().index())
                : net.devices().getByName(r.ifname());
        return new Named(r, dev, dev == null ? Errno.ERRNO_ENODEV : null);
    }

    /** rtnl_setlink: the device by index, else by IFLA_IFNAME (neither: EINVAL); do_setlink. */
    public static RtmRoute.DoitResult setlink(Net net, byte[] msg) {
        Named n = named(net, msg);
        if (n.errno() != null) {
            return RtmRoute.DoitResult.error(n.errno());
        }
        NetDevice dev = n.dev();
        List<RtmRoute.Notification> out = new ArrayList<>();
        return done(doSetlink(net, dev, n.req(), out), out);
    }

    /**
     * do_setlink, in its order: the MTU (NETDEV_CHANGEMTU), the name when the device was
     * named by index (NETDEV_CHANGENAME), the flags (dev_change_flags: one notification
     * of the bits that changed, then NETDEV_UP or NETDEV_DOWN), the queue length. Each
     * change is notified as it is made; one that fails leaves the earlier ones made.
     */
    private static Errno doSetlink(Net net, NetDevice dev, Req r, List<RtmRoute.Notification> out) {
        RtAttr addr = r.attr(IFLA_ADDRESS);
        if (addr != null && addr.payload().length < 6) {
            return Errno.ERRNO_EINVAL;
        }
        RtAttr mtu = r.attr(IFLA_MTU);
        if (mtu != null && mtu.u32() != dev.mtu) {
            if (dev.loopback() && (mtu.u32() < 68 || mtu.u32() > 65536 * 4)) {
                return Errno.ERRNO_EINVAL; // dev_validate_mtu against lo's min_mtu and max_mtu
            }
            dev.mtu = mtu.u32();
            DevState.changed(net, dev);
            out.add(RtmLink.notify(Rtnetlink.RTM_NEWLINK, dev, 0));
        }
        if (r.ifm().index() > 0 && r.ifname() != null && !r.ifname().isEmpty() && !r.ifname().equals(dev.name)) {
            String[] name = new String[1];
            Errno e = validName(net.devices(), r.ifname(), name);
            if (e != null) {
                return e;
            }
            net.devices().rename(dev, name[0]);
            DevState.changed(net, dev);
            out.add(RtmLink.notify(Rtnetlink.RTM_NEWLINK, dev, 0));
            out.addAll(NetdevEvents.changeName(net, dev));
        }
        if (r.ifm().flags() != 0 || r.ifm().change() != 0) {
            int old = dev.flags;
            dev.flags = combineFlags(dev, r.ifm());
            int changes = old ^ dev.flags;
            if ((changes & If.IFF_UP) != 0 && dev.up()) {
                dev.qdisc = dev.defaultQdisc(); // dev_open's dev_activate, before anyone hears of it
            }
            if (changes != 0) {
                DevState.changed(net, dev);
                out.add(RtmLink.notify(Rtnetlink.RTM_NEWLINK, dev, changes));
            }
            if ((changes & If.IFF_UP) != 0) {
                out.addAll(dev.up() ? NetdevEvents.up(net, dev) : NetdevEvents.down(net, dev));
            }
        }
        RtAttr txqlen = r.attr(IFLA_TXQLEN);
        if (txqlen != null && txqlen.u32() != dev.txqlen) {
            dev.txqlen = txqlen.u32();
            DevState.changed(net, dev);
            out.add(RtmLink.notify(Rtnetlink.RTM_NEWLINK, dev, 0));
        }
        return null;
    }

    /** rtnl_dellink: by index, else by name; a device without rtnl_link_ops (lo) cannot go. */
    public static RtmRoute.DoitResult dellink(Net net, byte[] msg) {
        Named n = named(net, msg);
        if (n.errno() != null) {
            return RtmRoute.DoitResult.error(n.errno());
        }
        NetDevice dev = n.dev();
        if (dev.kind == null) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EOPNOTSUPP);
        }
        List<RtmRoute.Notification> out = new ArrayList<>();
        unregister(net, dev, out);
        return done(null, out);
    }

    /**
     * unregister_netdevice_many: an up device is closed first (dev_close_many notifies
     * UP and RUNNING gone, NETDEV_DOWN); NETDEV_UNREGISTER takes every route through it
     * and its addresses (inetdev_destroy); then RTM_DELLINK, with no family left to report.
     */
    static void unregister(Net net, NetDevice dev, List<RtmRoute.Notification> out) {
        if (dev.up()) {
            dev.flags &= ~If.IFF_UP; // notified down, with the qdisc it had
            out.add(RtmLink.notify(Rtnetlink.RTM_NEWLINK, dev, If.IFF_UP | If.IFF_RUNNING));
            out.addAll(NetdevEvents.down(net, dev));
        }
        out.addAll(NetdevEvents.unregister(net, dev));
        net.devices().unregister(dev);
        DevState.changed(net, dev);
        out.add(RtmLink.notify(Rtnetlink.RTM_DELLINK, dev, ~0));
    }
}
