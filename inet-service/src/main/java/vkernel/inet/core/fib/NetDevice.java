package vkernel.inet.core.fib;

import vkernel.inet.core.Addr;
import vkernel.uapi.Rtnetlink;

/**
 * struct net_device with its in_device's primary address (include/linux/netdevice.h,
 * inetdevice.h). A namespace has only the loopback device: ifindex 1, 127.0.0.1/8,
 * scope host, up, MTU 65536.
 */
public record NetDevice(int ifindex, String name, int addr, int prefixlen, int scope, boolean up, int mtu) {
    public static final int LOOPBACK_IFINDEX = 1;

    public static NetDevice loopback() {
        return new NetDevice(LOOPBACK_IFINDEX, "lo", Addr.INADDR_LOOPBACK, 8, Rtnetlink.RT_SCOPE_HOST, true, 65536);
    }

    int mask() {
        return prefixlen == 0 ? 0 : -1 << (32 - prefixlen);
    }

    /** inet_ifa_match: addr is on this device's subnet. */
    boolean onLink(int a) {
        return ((a ^ addr) & mask()) == 0;
    }
}
