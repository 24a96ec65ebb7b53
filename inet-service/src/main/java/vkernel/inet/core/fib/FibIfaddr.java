package vkernel.inet.core.fib;

import static vkernel.uapi.Rtnetlink.RTN_BROADCAST;
import static vkernel.uapi.Rtnetlink.RTN_LOCAL;
import static vkernel.uapi.Rtnetlink.RTN_UNICAST;

import java.util.List;
import vkernel.inet.core.Addr;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;
import vkernel.uapi.IfAddr;

/**
 * fib_del_ifaddr (net/ipv4/fib_frontend.c): the routes an address made go when it goes,
 * but for those another address of the device still needs (the same local address, or
 * broadcast addresses another primary of the same source makes).
 */
final class FibIfaddr {
    private static final int LOCAL_OK = 1;
    private static final int BRD_OK = 2;
    private static final int BRD0_OK = 4;
    private static final int BRD1_OK = 8;

    private FibIfaddr() {}

    /**
     * ifa is already off the device's list (inet_del_ifa unlinks it, then notifies);
     * dead: the device is being unregistered, so no other address is asked (in_dev->dead).
     */
    static void del(Fib fib, NetDevice dev, InIfaddr ifa, boolean dead, List<RtmRoute.Notification> out) {
        InIfaddr prim = ifa;
        int brd = ifa.address() | ~ifa.mask();
        int any = ifa.address() & ifa.mask();
        int ok = 0;
        boolean subnet = false;
        boolean samePrefSrc = false;
        InIfaddr prim1 = null;
        if (ifa.secondary()) {
            prim = Devinet.byPrefix(dev, any, ifa.mask());
            if (prim == null) {
                return;
            }
        } else if (!Addr.isZeronet(any) && (any != ifa.local() || ifa.prefixlen() < 32)) {
            if ((ifa.flags() & IfAddr.IFA_F_NOPREFIXROUTE) == 0) {
                fib.magic(out, false, dev.loopback() ? RTN_LOCAL : RTN_UNICAST, any, ifa.prefixlen(), dev, prim);
            }
            subnet = true;
        }
        for (InIfaddr ifa1 : dead ? List.<InIfaddr>of() : dev.ifaList()) {
            if (ifa1.secondary()) {
                if (ifa1.mask() == prim.mask() && prim.onLink(ifa1.address())) {
                    prim1 = prim;
                } else {
                    if (!samePrefSrc) {
                        continue;
                    }
                    if (prim1 == null || ifa1.mask() != prim1.mask() || !prim1.onLink(ifa1.address())) {
                        prim1 = Devinet.byPrefix(dev, ifa1.address() & ifa1.mask(), ifa1.mask());
                    }
                    if (prim1 == null || prim1.local() != prim.local()) {
                        continue;
                    }
                }
            } else {
                if (prim.local() != ifa1.local()) {
                    continue;
                }
                prim1 = ifa1;
                if (prim != prim1) {
                    samePrefSrc = true;
                }
            }
            if (ifa.local() == ifa1.local()) {
                ok |= LOCAL_OK;
            }
            if (ifa.broadcast() == ifa1.broadcast()) {
                ok |= BRD_OK;
            }
            if (brd == ifa1.broadcast()) {
                ok |= BRD1_OK;
            }
            if (any == ifa1.broadcast()) {
                ok |= BRD0_OK;
            }
            if (prim1 == ifa1 && ifa1.prefixlen() < 31) {
                // a primary has its network's broadcast routes
                int brd1 = ifa1.address() | ~ifa1.mask();
                int any1 = ifa1.address() & ifa1.mask();
                if (!Addr.isZeronet(any1)) {
                    if (ifa.broadcast() == brd1 || ifa.broadcast() == any1) {
                        ok |= BRD_OK;
                    }
                    if (brd == brd1 || brd == any1) {
                        ok |= BRD1_OK;
                    }
                    if (any == brd1 || any == any1) {
                        ok |= BRD0_OK;
                    }
                }
            }
        }
        if ((ok & BRD_OK) == 0) {
            fib.magic(out, false, RTN_BROADCAST, ifa.broadcast(), 32, dev, prim);
        }
        if (subnet && ifa.prefixlen() < 31) {
            if ((ok & BRD1_OK) == 0) {
                fib.magic(out, false, RTN_BROADCAST, brd, 32, dev, prim);
            }
            if ((ok & BRD0_OK) == 0) {
                fib.magic(out, false, RTN_BROADCAST, any, 32, dev, prim);
            }
        }
        if ((ok & LOCAL_OK) == 0) {
            fib.magic(out, false, RTN_LOCAL, ifa.local(), 32, dev, prim);
            if (fib.inetAddrType(ifa.local()) != RTN_LOCAL) {
                fib.syncDownAddr(ifa.local()); // stray routes with it as their source
            }
        }
    }
}
