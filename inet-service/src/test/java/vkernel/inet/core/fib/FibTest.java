package vkernel.inet.core.fib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.IfAddrMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.RtMsg;

/** The FIB through its rtnetlink handlers: errno rules and the exact bytes of notifications and dumps. */
class FibTest {
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);

    {
        Socks.loopbackUp(af, Socks.NETNS);
    }

    private RtmRoute.DoitResult route(String... args) {
        return af.rtnlDoit(Socks.ROOT, NetlinkEmulation.routeRequest(1, List.of(args)), 4242, false, Trace.NONE);
    }

    @Test
    void aRefusedRouteSaysWhyAsLinuxsExtackDoes() {
        // the texts `ip route` prints after "Error: " on Linux 6.18
        vkernel.inet.core.dev.LinkMessages.add(af, "v0", "ifb"); // ifindex 2, down
        RtmRoute.DoitResult down = route("3", "add", "10.4.0.0/16", "dev", "2");
        assertEquals(Errno.ERRNO_ENETDOWN, down.errno());
        assertEquals("Device for nexthop is not up", down.extack());
        assertEquals("Nexthop has invalid gateway", route("3", "add", "10.2.0.0/16", "via", "10.9.9.9").extack());
        RtmRoute.DoitResult noTable = route("3", "del", "10.7.0.0/16", "table", "100");
        assertEquals(Errno.ERRNO_ESRCH, noTable.errno());
        assertEquals("FIB table does not exist", noTable.extack());
        assertEquals(null, route("3", "add", "10.4.0.0/16", "dev", "1").extack(), "none on success");
    }

    @Test
    void notificationIsWhatFibDumpInfoBuilds() {
        RtmRoute.DoitResult r = route("3", "add", "10.4.0.0/16", "dev", "1");
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(1, r.notifications().size());
        assertEquals(Rtnetlink.RTNLGRP_IPV4_ROUTE, r.notifications().get(0).group());
        // nlmsghdr: len 52, RTM_NEWROUTE, NLM_F_EXCL|NLM_F_CREATE, seq 1, portid 4242
        // rtmsg: AF_INET /16, table main, RTPROT_STATIC, scope link, unicast
        // RTA_TABLE 254, RTA_DST 10.4.0.0, RTA_OIF 1
        String expected = "34000000" + "1800" + "0006" + "01000000" + "92100000"
                + "02100000" + "fe04fd01" + "00000000"
                + "08000f00" + "fe000000"
                + "08000100" + "0a040000"
                + "08000400" + "01000000";
        assertEquals(expected, HexFormat.of().formatHex(r.notifications().get(0).nlmsg()));
    }

    @Test
    void freshNamespaceDumpsLosRoutes() {
        byte[] req = new NlMsgBuilder(Rtnetlink.RTM_GETROUTE, 0x301, 9, 0).rtmsg(new RtMsg(2, 0, 0, 0, 0, 0, 0, 0, 0))
                .build();
        RtmRoute.DumpResult d = af.rtnlDumpit(Socks.ROOT, req, 77, false, Trace.NONE);
        assertEquals(3, d.messages().size());
        List<String> routes = d.messages().stream().map(NetlinkEmulation::route).sorted().toList();
        assertEquals(List.of(
                "table=255 type=RTN_BROADCAST dst=127.255.255.255/32 oif=1 proto=2 scope=253",
                "table=255 type=RTN_LOCAL dst=127.0.0.0/8 oif=1 proto=2 scope=254",
                "table=255 type=RTN_LOCAL dst=127.0.0.1/32 oif=1 proto=2 scope=254"), routes);
        for (byte[] m : d.messages()) {
            NlMsgHdr h = NlMsgHdr.peek(m, 0);
            assertEquals(60, h.len(), "rtmsg, table, dst, prefsrc, oif");
            assertEquals(Netlink.NLM_F_MULTI, h.flags());
            assertEquals(9, h.seq());
            assertEquals(77, h.pid());
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "add 10.1.0.0/16 dev 2, ENODEV",
        "add 10.1.0.1/16 dev 1, EINVAL",
        "add 10.1.0.0/33 dev 1, EINVAL",
        "add 10.1.0.0/16 via 10.9.9.9, ENETUNREACH",
        "add 10.1.0.0/16 via 127.0.0.2, UNSPECIFIED",
        "add 10.1.0.0/16, ENODEV",
        "add 0.0.0.0/0 dev 1, UNSPECIFIED",
        "add 10.3.0.0/24 dev 1 table 1000, UNSPECIFIED",
        "del 10.3.0.0/16 dev 1, ESRCH",
        "del 10.3.0.0/24 dev 1 table 101, ESRCH",
    })
    void insertAndDeleteErrors(String cmd, String errno) {
        String[] parts = ("3 " + cmd).split(" ");
        assertEquals(Errno.valueOf("ERRNO_" + errno), route(parts).errno());
    }

    @Test
    void exclusiveAddThenDelete() {
        assertEquals(Errno.ERRNO_UNSPECIFIED, route("3", "add", "10.2.0.0/16", "dev", "1").errno());
        assertEquals(Errno.ERRNO_EEXIST, route("3", "add", "10.2.0.0/16", "dev", "1").errno());
        RtmRoute.DoitResult del = route("3", "del", "10.2.0.0/16", "dev", "1");
        assertEquals(Errno.ERRNO_UNSPECIFIED, del.errno());
        byte[] n = del.notifications().get(0).nlmsg();
        assertEquals(Rtnetlink.RTM_DELROUTE, NlMsgHdr.peek(n, 0).type());
        assertEquals(0, NlMsgHdr.peek(n, 0).flags());
        assertEquals(Errno.ERRNO_ESRCH, route("3", "del", "10.2.0.0/16", "dev", "1").errno());
        assertEquals(true, af.isPristine(Socks.NETNS), "back to lo's routes");
    }

    @Test
    void addressDumpIsLosOneAddress() {
        byte[] req = new NlMsgBuilder(Rtnetlink.RTM_GETADDR, 0x301, 5, 0).ifaddrmsg(new IfAddrMsg(2, 0, 0, 0, 0))
                .build();
        RtmRoute.DumpResult d = af.rtnlDumpit(Socks.ROOT, req, 31, false, Trace.NONE);
        assertEquals(1, d.messages().size());
        String hex = HexFormat.of().formatHex(d.messages().get(0));
        // as Linux 6.18 writes it for a fresh namespace's lo (the two timestamps aside)
        String linux = "4c000000140002000500000" + "01f000000"
                + "020880fe01000000080001007f000001080002007f000001070003006c6f0000080008008000000014000600ffffffffffffffff";
        assertEquals(linux, hex.substring(0, linux.length()));
        assertEquals(76, d.messages().get(0).length);
    }

    @Test
    void changingRoutesNeedsCapNetAdmin() {
        byte[] msg = NetlinkEmulation.routeRequest(1, List.of("3", "add", "10.5.0.0/16", "dev", "1"));
        assertEquals(Errno.ERRNO_EPERM, af.rtnlDoit(Socks.USER, msg, 1, false, Trace.NONE).errno());
    }

    @Test
    void malformedRequests() {
        byte[] full = NetlinkEmulation.routeRequest(1, List.of("3", "add", "10.5.0.0/16", "dev", "1"));
        byte[] shortMsg = java.util.Arrays.copyOf(full, 20);
        java.nio.ByteBuffer.wrap(shortMsg).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 20);
        assertEquals(Errno.ERRNO_EINVAL, af.rtnlDoit(Socks.ROOT, shortMsg, 1, false, Trace.NONE).errno(), "no room for rtmsg");
        byte[] badAttr = full.clone();
        badAttr[28] = 6; // RTA_DST claims 2 bytes of payload
        assertEquals(Errno.ERRNO_ERANGE, af.rtnlDoit(Socks.ROOT, badAttr, 1, false, Trace.NONE).errno());
        assertArrayEquals(new byte[0], new byte[0]);
        // garbage never escapes as an exception: every doit and dumpit answers with an errno
        java.util.Random rnd = new java.util.Random(10);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = i % 2 == 0 ? full.clone() : new byte[rnd.nextInt(64)];
            for (int k = 0; k < 1 + rnd.nextInt(6) && junk.length > 0; k++) {
                junk[rnd.nextInt(junk.length)] = (byte) rnd.nextInt(256);
            }
            assertNotNull(af.rtnlDoit(Socks.ROOT, junk, 1, false, Trace.NONE).errno());
            assertNotNull(af.rtnlDumpit(Socks.ROOT, junk, 1, false, Trace.NONE).errno());
        }
        // nla_type: NLA_F_NET_BYTEORDER on RTA_DST (type 0x4001) still means RTA_DST
        byte[] flagged = NetlinkEmulation.routeRequest(2, List.of("3", "add", "10.6.0.0/16", "dev", "1"));
        flagged[31] |= 0x40;
        RtmRoute.DoitResult r = af.rtnlDoit(Socks.ROOT, flagged, 1, false, Trace.NONE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals("table=254 type=RTN_UNICAST dst=10.6.0.0/16 oif=1 proto=4 scope=253",
                NetlinkEmulation.route(r.notifications().get(0).nlmsg()));
    }

    @Test
    void routesSteerConnectAndSend() {
        Socks s = new Socks(af);
        long u = s.udp();
        assertEquals(Errno.ERRNO_ENETUNREACH, s.sendto(u, "x", "10.7.7.7:53").errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, route("3", "add", "0.0.0.0/0", "dev", "1").errno());
        assertEquals(1, s.sendto(u, "x", "10.7.7.7:53").ret(), "out of lo, to nobody");
        assertEquals("0.0.0.0", vkernel.uapi.SockaddrIn.formatAddr(
                vkernel.uapi.SockaddrIn.decode(af.getname(u, false, Trace.NONE).addr()).addr()), "lo gives no source for it");
    }
}
