package vkernel.inet.core.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.inet.core.dev.LinkMessages.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.netlink.RtAttr;

/**
 * RTM_NEWLINK, RTM_SETLINK and RTM_DELLINK (LinkChange) as Linux 6.18 answered them in
 * conformance/scenarios/netlink-link-newlink.scn (recorded with "ifb"; "dummy", which
 * the oracle lacks, makes the same device here but for its queue).
 */
class LinkChangeTest {
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);

    {
        Socks.loopbackUp(af, Socks.NETNS);
    }

    private RtmRoute.DoitResult doit(byte[] m) {
        return af.rtnlDoit(Socks.ROOT, m, 77, false, Trace.NONE);
    }

    /** ifi_index, ifi_flags, ifi_change and IFLA_IFNAME of a link message. */
    private static String describe(byte[] m) {
        int len = (m[32] & 0xff) - 4; // IFLA_IFNAME comes first
        String name = new String(m, 36, len - 1, java.nio.charset.StandardCharsets.US_ASCII);
        return le(m, 20) + " " + Integer.toHexString(le(m, 24)) + " " + Integer.toHexString(le(m, 28)) + " " + name;
    }

    private static int le(byte[] m, int off) {
        return (m[off] & 0xff) | (m[off + 1] & 0xff) << 8 | (m[off + 2] & 0xff) << 16 | (m[off + 3] & 0xff) << 24;
    }

    private static List<String> links(RtmRoute.DoitResult r) {
        return r.notifications().stream().filter(n -> n.group() == Rtnetlink.RTNLGRP_LINK)
                .map(n -> (n.nlmsg()[4] == Rtnetlink.RTM_DELLINK ? "del " : "new ") + describe(n.nlmsg())).toList();
    }

    @Test
    void aDeviceIsMadeRaisedRenamedAndDeletedWithLinuxsNotifications() {
        assertEquals(List.of("new 2 82 ffffffff v0"), links(add(af, "v0", "ifb")));
        assertEquals(Errno.ERRNO_EEXIST, add(af, "v0", "ifb").errno());
        assertEquals(List.of("new 3 82 ffffffff dummy0"),
                links(doit(link(Rtnetlink.RTM_NEWLINK, 0x605, 0, 0, 0, kind("dummy")))), "the kind's dummy%d");
        assertEquals(List.of("new 2 100c3 1 v0"), links(setUp(af, 2, true)));
        assertEquals(List.of("new 2 100c3 0 v1"), links(doit(link(Rtnetlink.RTM_SETLINK, 5, 2, 0, 0, name("v1")))));
        assertEquals(List.of(), links(doit(link(Rtnetlink.RTM_SETLINK, 5, 2, 0, 0, name("v1")))), "its own name");
        assertEquals(List.of("new 2 82 41 v1", "del 2 82 ffffffff v1"),
                links(doit(link(Rtnetlink.RTM_DELLINK, 5, 2, 0, 0))), "closed first");
        assertEquals(List.of("new 4 82 ffffffff v0"), links(add(af, "v0", "ifb")), "indexes are not reused");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "an unknown kind, x0, nosuch, ERRNO_EOPNOTSUPP",
        "a slash, a/b, ifb, ERRNO_EINVAL",
        "dot dot, .., ifb, ERRNO_EINVAL",
        "a blank, a b, ifb, ERRNO_EINVAL",
        "an empty name, '', ifb, ERRNO_EINVAL",
        "16 characters, aaaaaaaaaaaaaaaa, ifb, ERRNO_ERANGE",
        "a taken name, lo, ifb, ERRNO_EEXIST",
        "two patterns, a%d%d, ifb, ERRNO_EINVAL",
    })
    void aBadRequestMakesNothing(String what, String name, String kind, Errno errno) {
        RtmRoute.DoitResult r = add(af, name, kind);
        assertEquals(errno, r.errno());
        assertTrue(r.notifications().isEmpty());
        assertTrue(af.isPristine(Socks.NETNS));
    }

    @Test
    void linuxsErrorsForLinksThatAreNotThere() {
        assertEquals(Errno.ERRNO_ENODEV, doit(link(Rtnetlink.RTM_NEWLINK, 5, 0, 0, 0, name("x0"), kind("ifb"))).errno(),
                "no NLM_F_CREATE");
        assertEquals(Errno.ERRNO_EOPNOTSUPP, doit(link(Rtnetlink.RTM_NEWLINK, 0x605, 0, 0, 0, name("x0"))).errno(),
                "no kind");
        assertEquals(Errno.ERRNO_EOPNOTSUPP, doit(link(Rtnetlink.RTM_NEWLINK, 0x605, 0, 0, 0, name("x0"),
                new RtAttr(vkernel.uapi.IfLink.IFLA_LINKINFO, new byte[] {9, 0, 1, 0}))).errno(), "a malformed kind");
        assertEquals(Errno.ERRNO_ENODEV, doit(link(Rtnetlink.RTM_SETLINK, 5, 9, 0, 0)).errno());
        assertEquals(Errno.ERRNO_EINVAL, doit(link(Rtnetlink.RTM_SETLINK, 5, 0, 0, 0)).errno());
        assertEquals(Errno.ERRNO_EOPNOTSUPP, doit(link(Rtnetlink.RTM_DELLINK, 5, 1, 0, 0)).errno(), "lo stays");
        assertEquals(Errno.ERRNO_ENODEV, doit(link(Rtnetlink.RTM_DELLINK, 5, 9, 0, 0)).errno());
        assertEquals(Errno.ERRNO_EPERM, af.rtnlDoit(Socks.USER, link(Rtnetlink.RTM_NEWLINK, 0x605, 0, 0, 0,
                name("x0"), kind("ifb")), 77, false, Trace.NONE).errno());
    }

    @Test
    void anIndexAskedForDoesNotMoveTheNextOne() {
        assertEquals(List.of("new 40 82 ffffffff x1"),
                links(doit(link(Rtnetlink.RTM_NEWLINK, 0x605, 40, 0, 0, name("x1"), kind("ifb")))));
        assertEquals(List.of("new 2 82 ffffffff x2"), links(add(af, "x2", "ifb")));
    }

    @Test
    void aDeviceMadeUpIsNotifiedOnceWithItsMtu() {
        RtAttr mtu = RtAttr.u32(vkernel.uapi.IfLink.IFLA_MTU, 1400);
        RtmRoute.DoitResult r = doit(link(Rtnetlink.RTM_NEWLINK, 0x605, 0, 1, 1, name("w%d"), kind("ifb"), mtu));
        assertEquals(List.of("new 2 100c3 ffffffff w0"), links(r));
        assertEquals(1400, le(r.notifications().get(0).nlmsg(), 76), "IFLA_MTU");
    }
}
