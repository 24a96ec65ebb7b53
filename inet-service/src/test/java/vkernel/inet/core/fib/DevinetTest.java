package vkernel.inet.core.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.uapi.Rtnetlink.RTM_DELADDR;
import static vkernel.uapi.Rtnetlink.RTM_NEWADDR;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.inet.core.dev.LinkMessages;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Rtnetlink;

/**
 * RTM_NEWADDR and RTM_DELADDR (Devinet) and the routes they make and take, as Linux
 * 6.18 did in conformance/scenarios/netlink-addr-newaddr.scn.
 */
class DevinetTest {
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);
    private final Socks s = new Socks(af);

    @BeforeEach
    void aDevice() {
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.add(af, "v0", "dummy").errno());
    }

    /** The route notifications of a change, as nlrecv prints them. */
    private static List<String> routes(RtmRoute.DoitResult r) {
        return r.notifications().stream().filter(n -> n.group() == Rtnetlink.RTNLGRP_IPV4_ROUTE)
                .map(n -> (n.nlmsg()[4] == Rtnetlink.RTM_NEWROUTE ? "+" : "-") + NetlinkEmulation.route(n.nlmsg()))
                .toList();
    }

    @Test
    void anAddressRoutesAsTheDeviceAllows() {
        assertEquals(List.of("+table=255 type=RTN_LOCAL dst=10.1.0.1/32 oif=2 proto=2 scope=254"),
                routes(LinkMessages.addr(af, RTM_NEWADDR, 2, "10.1.0.1", 24)), "down: the local route alone");
        assertEquals(List.of("+table=254 type=RTN_UNICAST dst=10.1.0.0/24 oif=2 proto=2 scope=253",
                "+table=255 type=RTN_BROADCAST dst=10.1.0.255/32 oif=2 proto=2 scope=253"),
                routes(LinkMessages.setUp(af, 2, true)));
        assertEquals(List.of("+table=255 type=RTN_LOCAL dst=10.1.0.2/32 oif=2 proto=2 scope=254"),
                routes(LinkMessages.addr(af, RTM_NEWADDR, 2, "10.1.0.2", 24)), "a secondary");
        assertEquals(List.of(), routes(LinkMessages.setUp(af, 2, false)), "down is silent");
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.bind(s.tcp(), "10.1.0.2:80"), "local routes stay while down");
        assertEquals(2, routes(LinkMessages.setUp(af, 2, true)).size());
        assertEquals(List.of("-table=255 type=RTN_LOCAL dst=10.1.0.2/32 oif=2 proto=2 scope=254",
                "-table=254 type=RTN_UNICAST dst=10.1.0.0/24 oif=2 proto=2 scope=253",
                "-table=255 type=RTN_BROADCAST dst=10.1.0.255/32 oif=2 proto=2 scope=253",
                "-table=255 type=RTN_LOCAL dst=10.1.0.1/32 oif=2 proto=2 scope=254"),
                routes(LinkMessages.addr(af, RTM_DELADDR, 2, "10.1.0.1", 24)), "the primary takes its secondary");
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, s.bind(s.tcp(), "10.1.0.1:80"));
    }

    /** __mkroute_output: RTCF_LOCAL for a route out of the loopback device only (ip route get prints "cache <local>"). */
    @Test
    void aRouteOutOfADeviceIsNotLocal() {
        LinkMessages.addr(af, RTM_NEWADDR, 2, "10.1.0.1", 24);
        LinkMessages.setUp(af, 2, true);
        var net = af.net(Socks.ROOT.getNetns());
        IpRoute.Rtable out = IpRoute.output(net, 0x0a010005, 0, 0, Rtnetlink.RT_SCOPE_UNIVERSE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, out.errno());
        assertEquals(2, out.oif());
        assertEquals(0x0a010001, out.saddr());
        assertEquals(0, out.flags() & IpRoute.RTCF_LOCAL, "out of v0");
        assertEquals(IpRoute.RTCF_LOCAL, IpRoute.output(net, 0x7f000001, 0, 0, Rtnetlink.RT_SCOPE_UNIVERSE).flags() & IpRoute.RTCF_LOCAL,
                "to 127.0.0.1, out of lo");
        assertEquals(IpRoute.RTCF_LOCAL, IpRoute.output(net, 0x0a0100ff, 0, 0, Rtnetlink.RT_SCOPE_UNIVERSE).flags() & IpRoute.RTCF_LOCAL,
                "a broadcast is local wherever it goes");
    }

    @Test
    void linuxsErrors() {
        assertEquals(Errno.ERRNO_UNSPECIFIED, LinkMessages.addr(af, RTM_NEWADDR, 2, "10.1.0.1", 24).errno());
        assertEquals(Errno.ERRNO_EEXIST, LinkMessages.addr(af, RTM_NEWADDR, 2, "10.1.0.1", 24).errno());
        assertEquals(Errno.ERRNO_EINVAL, LinkMessages.addr(af, RTM_NEWADDR, 2, "10.3.0.1", 33).errno());
        assertEquals(Errno.ERRNO_ENODEV, LinkMessages.addr(af, RTM_NEWADDR, 9, "10.3.0.1", 24).errno());
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, LinkMessages.addr(af, RTM_DELADDR, 2, "10.3.0.1", 24).errno());
        assertEquals(Errno.ERRNO_ENODEV, LinkMessages.addr(af, RTM_DELADDR, 9, "10.1.0.1", 24).errno());
    }

    @Test
    void aDeletedDeviceTakesItsAddressesAndRoutes() {
        LinkMessages.addr(af, RTM_NEWADDR, 2, "10.1.0.1", 24);
        LinkMessages.setUp(af, 2, true);
        af.rtnlDoit(Socks.ROOT, LinkMessages.link(Rtnetlink.RTM_DELLINK, 5, 2, 0, 0), 77, false, Trace.NONE);
        assertEquals(true, af.isPristine(Socks.NETNS), "lo and its routes alone are left");
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, s.bind(s.tcp(), "10.1.0.1:80"));
    }
}
