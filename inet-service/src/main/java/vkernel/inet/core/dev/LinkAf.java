package vkernel.inet.core.dev;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import vkernel.uapi.IfLink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.RtAttr;

/**
 * rtnl_fill_link_af's IFLA_AF_SPEC: what each address family registered with
 * rtnl_af_register says of a device, inet (inet_fill_link_af: the device's
 * ipv4_devconf) then inet6 (inet6_fill_link_af: flags, cacheinfo, ipv6_devconf, the
 * IPv6 and ICMPv6 counters, token, address generation mode). No IPv6 is simulated,
 * but Linux 6.18 reports it for every device, so it is here as a fresh device has it:
 * the configuration at its defaults and every counter zero.
 */
final class LinkAf {
    /** ipv4_devconf of a new device in a new namespace (IPV4_DEVCONF_MAX values), as the oracle's kernel has them. */
    private static final int[] IPV4_DEVCONF = {1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 10000, 1000, 0, 0, 0, 0, 1};
    private static final int IPV4_DEVCONF_NOXFRM = 14;
    private static final int IPV4_DEVCONF_NOPOLICY = 15;
    /** ipv6_devconf_dflt (DEVCONF_MAX values). */
    private static final int[] IPV6_DEVCONF = {0, 64, 1500, 1, 1, 1, 1, -1, 4000, 1000, 0, 604800, 86400, 3, 600, 16,
        0, 1, 1, 1, 60000, 0, 0, 0, 0, 0, 0, -1, 0, 0, 10000, 1000, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 3600000, 0, 0,
        1, 0, 0, 0, 0, 0, 1024, 0, 65535, -1, 1, 0, 0, 0};
    private static final int DEVCONF_MTU6 = 2;
    private static final int DEVCONF_USE_TEMPADDR = 10;
    private static final int IPSTATS_MIB_MAX = 38;
    private static final int ICMP6_MIB_MAX = 7;
    /** inet6_dev flags: IF_READY once the device is up; IF_RS_SENT once it solicited routers (not on loopback). */
    private static final int IF_READY = 0x80000000;
    private static final int IF_RS_SENT = 0x10;
    private static final int IPV6_MAXPLEN = 65535;
    /** ND's reachable time (30 s, jittered per device) and retransmit time, in ms. */
    private static final int REACHABLE_TIME = 30000;
    private static final int RETRANS_TIME = 1000;

    private LinkAf() {}

    /** IPV6_MIN_MTU: below it a device has no inet6_dev (addrconf_notify), so inet6 says nothing. */
    private static final int IPV6_MIN_MTU = 1280;

    static RtAttr fill(NetDevice dev, int extFilterMask) {
        List<RtAttr> af = new java.util.ArrayList<>();
        af.add(RtAttr.nestedNoflag(Socket.AF_INET, List.of(new RtAttr(IfLink.IFLA_INET_CONF, inetConf(dev)))));
        if (Integer.compareUnsigned(dev.mtu, IPV6_MIN_MTU) >= 0) {
            af.add(RtAttr.nestedNoflag(Socket.AF_INET6, inet6(dev, (extFilterMask & IfLink.RTEXT_FILTER_SKIP_STATS) != 0)));
        }
        return RtAttr.nestedNoflag(IfLink.IFLA_AF_SPEC, af);
    }

    private static byte[] inetConf(NetDevice dev) {
        int[] conf = IPV4_DEVCONF.clone();
        if (dev.loopback()) {
            // inetdev_init: the loopback skips IPsec policy and transforms
            conf[IPV4_DEVCONF_NOXFRM] = 1;
            conf[IPV4_DEVCONF_NOPOLICY] = 1;
        }
        return ints(conf);
    }

    /** inet6_fill_ifla6_attrs; skipStats: RTEXT_FILTER_SKIP_STATS leaves the IPv6 and ICMPv6 counters out. */
    private static List<RtAttr> inet6(NetDevice dev, boolean skipStats) {
        int[] conf = IPV6_DEVCONF.clone();
        conf[DEVCONF_MTU6] = dev.mtu;
        if (dev.loopback()) {
            conf[DEVCONF_USE_TEMPADDR] = -1; // ipv6_add_dev: no temporary addresses on loopback
        }
        byte[] cacheinfo = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(IPV6_MAXPLEN)
                .putInt(dev.createdStamp).putInt(dev.reachableTime).putInt(RETRANS_TIME).array();
        byte[] stats = new byte[IPSTATS_MIB_MAX * 8];
        stats[0] = IPSTATS_MIB_MAX; // __snmp6_fill_stats64: the first counter is the count
        byte[] icmp6 = new byte[ICMP6_MIB_MAX * 8];
        icmp6[0] = ICMP6_MIB_MAX;
        List<RtAttr> out = new java.util.ArrayList<>(List.of(RtAttr.u32(1, !dev.up() ? 0 : dev.loopback() ? IF_READY : IF_READY | IF_RS_SENT),
                new RtAttr(5, cacheinfo), new RtAttr(2, ints(conf))));
        if (!skipStats) {
            out.add(new RtAttr(3, stats));
            out.add(new RtAttr(6, icmp6));
        }
        out.add(new RtAttr(7, new byte[16]));
        out.add(new RtAttr(8, new byte[1]));
        return out;
    }

    /** A reachable time as neigh_rand_reach_time picks it: uniform in [T/2, 3T/2). */
    static int randReachTime() {
        return REACHABLE_TIME / 2 + java.util.concurrent.ThreadLocalRandom.current().nextInt(REACHABLE_TIME);
    }

    private static byte[] ints(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }
}
