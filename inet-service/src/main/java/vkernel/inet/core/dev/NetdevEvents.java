package vkernel.inet.core.dev;

import java.util.ArrayList;
import java.util.List;
import vkernel.inet.core.Net;
import vkernel.inet.core.fib.Devinet;
import vkernel.inet.core.fib.RtmAddr;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.uapi.Rtnetlink;

/**
 * The netdevice notifier chain as IPv4 hears it (fib_netdev_event, inetdev_event):
 * what a device coming up, going down, being renamed or unregistered does to its
 * addresses and routes, with the notifications that makes.
 */
final class NetdevEvents {
    private NetdevEvents() {}

    /**
     * NETDEV_UP: devinet hears first (a loopback gets 127.0.0.1/8, notified and routed),
     * then the FIB, which brings back the routes of every address.
     */
    static List<RtmRoute.Notification> up(Net net, NetDevice dev) {
        List<RtmRoute.Notification> out = new ArrayList<>();
        if (dev.loopback()) {
            out.addAll(Devinet.loopbackUp(net, dev));
        }
        out.addAll(net.fib().netdevUp(dev));
        return out;
    }

    /** NETDEV_DOWN: every route through the device but the local ones goes, silently. */
    static List<RtmRoute.Notification> down(Net net, NetDevice dev) {
        net.fib().disableIp(dev, false);
        return List.of();
    }

    /** NETDEV_CHANGENAME (inetdev_changename): the labels follow the name, each address notified. */
    static List<RtmRoute.Notification> changeName(Net net, NetDevice dev) {
        List<RtmRoute.Notification> out = new ArrayList<>();
        int named = 0;
        for (int i = 0; i < dev.ifaList.size(); i++) {
            InIfaddr ifa = dev.ifaList.get(i);
            String label = dev.name;
            if (named++ > 0) {
                int dot = ifa.label().indexOf(':');
                String suffix = dot >= 0 ? ifa.label().substring(dot) : ":" + named;
                label = dev.name.length() + suffix.length() < vkernel.uapi.If.IFNAMSIZ ? dev.name + suffix
                        : dev.name.substring(0, vkernel.uapi.If.IFNAMSIZ - suffix.length() - 1) + suffix;
            }
            ifa = new InIfaddr(ifa.local(), ifa.address(), ifa.broadcast(), ifa.prefixlen(), ifa.flags(), ifa.scope(),
                    label, ifa.cstamp(), ifa.tstamp());
            dev.ifaList.set(i, ifa);
            out.add(new RtmRoute.Notification(Rtnetlink.RTNLGRP_IPV4_IFADDR,
                    RtmAddr.fill(Rtnetlink.RTM_NEWADDR, dev, ifa, 0, 0, 0)));
        }
        return out;
    }

    /**
     * NETDEV_UNREGISTER: devinet hears first (inetdev_destroy: every address, and the
     * routes left of it, notified), then the FIB drops every route through the device
     * (fib_disable_ip, forced, silently); the qdisc is gone (dev_shutdown).
     */
    static List<RtmRoute.Notification> unregister(Net net, NetDevice dev) {
        List<RtmRoute.Notification> out = Devinet.destroy(net, dev);
        net.fib().disableIp(dev, true);
        dev.qdisc = "noop";
        return out;
    }
}
