package vkernel.inet.core.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.inet.core.dev.LinkMessages.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.NlMsgBuilder;

/**
 * A namespace made by unshare(CLONE_NEWNET), as Linux 6.18 makes one (seen with
 * `unshare -n` and iproute2): lo down, no address, no FIB table; `ip link set lo up`
 * gives lo 127.0.0.1/8 and its three local routes; down again, the address and the two
 * local routes stay and the broadcast route goes, to come back with the next up.
 */
class NewNamespaceTest {
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);
    private final Socks s = Socks.over(af);

    private List<byte[]> dump(int type) {
        byte[] fixed = new byte[type == Rtnetlink.RTM_GETLINK ? 16 : type == Rtnetlink.RTM_GETROUTE ? 12 : 8];
        fixed[0] = (byte) (type == Rtnetlink.RTM_GETLINK ? 0 : 2); // AF_UNSPEC for links, AF_INET
        byte[] m = new NlMsgBuilder(type, 0x301, 1, 0).fixed(fixed).build();
        RtmRoute.DumpResult r = af.rtnlDumpit(Socks.ROOT, m, 77, false, Trace.NONE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        return r.messages();
    }

    @Test
    void loIsBornDownWithNoAddressAndNoRoute() {
        byte[] lo = dump(Rtnetlink.RTM_GETLINK).get(0);
        assertEquals(8, lo[24] & 0xff, "IFF_LOOPBACK alone: not up, not running");
        assertEquals(List.of(), dump(Rtnetlink.RTM_GETADDR));
        assertEquals(List.of(), dump(Rtnetlink.RTM_GETROUTE));
        long u = s.udp();
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.bind(u, "10.0.0.1:0"), "no local table: every address is bindable");
        assertEquals(Errno.ERRNO_ENETUNREACH, s.connect(s.udp(), "127.0.0.1:9"), "no route to anything");
        assertEquals(Errno.ERRNO_ENETUNREACH, s.connect(s.tcp(), "127.0.0.1:9"));
    }

    @Test
    void upGivesLoItsAddressAndRoutesDownKeepsTheLocalOnes() {
        RtmRoute.DoitResult up = setUp(af, 1, true);
        assertEquals(Errno.ERRNO_UNSPECIFIED, up.errno());
        // RTM_NEWLINK, RTM_NEWADDR 127.0.0.1/8, then local 127.0.0.1/32, local 127.0.0.0/8, broadcast 127.255.255.255/32
        assertEquals(List.of(Rtnetlink.RTM_NEWLINK, Rtnetlink.RTM_NEWADDR, Rtnetlink.RTM_NEWROUTE,
                Rtnetlink.RTM_NEWROUTE, Rtnetlink.RTM_NEWROUTE), types(up));
        assertEquals(List.of("2:32", "2:8", "3:32"), routes(up));
        assertEquals(1, dump(Rtnetlink.RTM_GETADDR).size());
        assertEquals(3, dump(Rtnetlink.RTM_GETROUTE).size());
        long u = s.udp();
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, s.bind(u, "10.0.0.1:0"), "the local table exists now");
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.connect(u, "127.0.0.1:9"));

        assertEquals(List.of(Rtnetlink.RTM_NEWLINK), types(setUp(af, 1, false)));
        assertEquals(1, dump(Rtnetlink.RTM_GETADDR).size(), "the address stays");
        assertEquals(2, dump(Rtnetlink.RTM_GETROUTE).size(), "the broadcast route goes, silently");
        RtmRoute.DoitResult again = setUp(af, 1, true);
        assertEquals(List.of(Rtnetlink.RTM_NEWLINK, Rtnetlink.RTM_NEWROUTE), types(again), "no second address");
        assertEquals(List.of("3:32"), routes(again));
    }

    private static List<Integer> types(RtmRoute.DoitResult r) {
        return r.notifications().stream().map(n -> (int) n.nlmsg()[4]).toList();
    }

    /** rtm_type:rtm_dst_len of each route notified. */
    private static List<String> routes(RtmRoute.DoitResult r) {
        return r.notifications().stream().filter(n -> n.nlmsg()[4] == Rtnetlink.RTM_NEWROUTE)
                .map(n -> n.nlmsg()[16 + 7] + ":" + (n.nlmsg()[16 + 1] & 0xff)).toList();
    }
}
