package vkernel.inet.core.fib;

import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;

/**
 * net/ipv4/devinet.c: a device's IPv4 addresses (in_device's ifa_list) and how they
 * are found.
 */
public final class Devinet {
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
}
