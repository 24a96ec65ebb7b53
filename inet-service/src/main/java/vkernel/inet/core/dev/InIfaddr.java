package vkernel.inet.core.dev;

/**
 * struct in_ifaddr (include/linux/inetdevice.h): one IPv4 address of a device: the
 * local address, the peer or prefix address (ifa_address, equal to local on a
 * broadcast link), the broadcast address, the prefix length, IFA_F_* flags, scope and
 * label; cstamp and tstamp in hundredths of a second of uptime.
 */
public record InIfaddr(int local, int address, int broadcast, int prefixlen, int flags, int scope, String label,
        int cstamp, int tstamp) {
    public int mask() {
        return prefixlen == 0 ? 0 : -1 << (32 - prefixlen);
    }

    /** inet_ifa_match: a is on this address's subnet. */
    public boolean onLink(int a) {
        return ((a ^ address) & mask()) == 0;
    }

    public boolean secondary() {
        return (flags & vkernel.uapi.IfAddr.IFA_F_SECONDARY) != 0;
    }
}
