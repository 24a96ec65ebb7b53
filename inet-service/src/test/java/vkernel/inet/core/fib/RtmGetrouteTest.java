package vkernel.inet.core.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;

/**
 * RTM_GETROUTE as a lookup (inet_rtm_getroute, rt_fill_info): the exact replies Linux 6.18
 * gave in a fresh namespace (conformance/scenarios/netlink-rtm-getroute-lookup.scn).
 */
class RtmGetrouteTest {
    private static final int PORTID = 5000975;
    private static final HexFormat HEX = HexFormat.of();

    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);

    {
        Socks.loopbackUp(af, Socks.NETNS);
    }

    private RtmRoute.DoitResult get(String hex) {
        return af.rtnlDoit(Socks.ROOT, HEX.parseHex(hex), PORTID, false, Trace.NONE);
    }

    /** The header, rtmsg and attributes (RTA_TABLE, RTA_DST, RTA_OIF, RTA_PREFSRC, RTA_UID) of a reply to lo. */
    private static String replyToLo(int seq, String dst) {
        return "68000000" + "1800" + "0000" + String.format("%02x000000", seq) + "0f4f4c00"
                + "02200000" + "fe000002" + "00020080"
                + "08000f00fe000000" + "08000100" + dst + "0800040001000000" + "080007007f000001" + "0800190000000000";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // no RTA_DST: 0.0.0.0 routes to 127.0.0.1 on lo without the FIB, so nothing caches it (one reference)
        "no RTA_DST, 1c0000001a000100010000000000000002000000000000000000000000, 1, 00000000, 1",
        // 127.0.0.1 and 127.1.2.3 come from the local table: the next hop caches the route (two references)
        "127.0.0.1, 240000001a0001000200000000000000022000000000000000000000080001007f000001, 2, 7f000001, 2",
        "127.1.2.3, 240000001a0005000300000000000000022000000000000000000000080001007f010203, 3, 7f010203, 2",
        // an attribute running past the message ends the attributes: no RTA_DST
        "RTA_DST past the end, 240000001a0001000800000000000000022000000000000000000000100001007f000001, 8, 00000000, 1",
    })
    void lookupRepliesWithTheRouteAsRtFillInfoWritesIt(String what, String request, int seq, String dst, int clntref) {
        RtmRoute.DoitResult r = get(request);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(1, r.replies().size());
        String cacheinfo = "24000c00" + String.format("%02x000000", clntref) + "00".repeat(28);
        assertEquals(replyToLo(seq, dst) + cacheinfo, HEX.formatHex(r.replies().get(0)));
    }

    /** A broadcast route of the local table is cached in its next hop like the others (netlink-rtm-getroute-options.scn). */
    @Test
    void broadcastLookupIsRtnBroadcastWithRtcfBroadcastAndLocal() {
        RtmRoute.DoitResult r = af.rtnlDoit(Socks.ROOT,
                HEX.parseHex("240000001a0001000800000000000000022000000000000000000000080001007fffffff"), 5000976, false, Trace.NONE);
        assertEquals("68000000" + "18000000" + "08000000" + "104f4c00" + "02200000" + "fe000003" + "00020090"
                + "08000f00fe000000" + "080001007fffffff" + "0800040001000000" + "080007007f000001" + "0800190000000000"
                + "24000c00" + "02000000" + "00".repeat(28), HEX.formatHex(r.replies().get(0)));
    }

    @Test
    void noRouteIsEnetunreachAndABadAttributeErange() {
        assertEquals(Errno.ERRNO_ENETUNREACH,
                get("240000001a0001000400000000000000022000000000000000000000080001000a010203").errno());
        assertEquals(Errno.ERRNO_ERANGE,
                get("240000001a0001000600000000000000022000000000000000000000060001007f000000").errno());
    }

    /** RTM_F_LOOKUP_TABLE names the table searched: main, into which local is merged (127.0.0.1 is a local route). */
    @Test
    void lookupTableIsMainForALocalRouteToo() {
        RtmRoute.DoitResult r = get("240000001a0001000300000000000000022000000000000000100000080001007f000001");
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        String reply = HEX.formatHex(r.replies().get(0));
        assertEquals("02200000" + "fe000002", reply.substring(32, 48), "rtm_table RT_TABLE_MAIN");
        assertEquals("08000f00fe000000", reply.substring(56, 72), "RTA_TABLE RT_TABLE_MAIN");
    }

    /** With NETLINK_GET_STRICT_CHK (inet_rtm_valid_getroute_req) each of these is EINVAL; without it, a reply. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rtm_dst_len 24, 240000001a0001000a00000000000000021800000000000000000000080001007f000001",
        "rtm_flags RTNH_F_DEAD, 240000001a0001000b00000000000000022000000000000001000000080001007f000001",
        "rtm_table main, 240000001a0001000c0000000000000002200000fe00000000000000080001007f000001",
        "RTA_GATEWAY, 2c0000001a0001000d00000000000000022000000000000000000000080001007f000001080005007f000001",
        "RTA_DST without rtm_dst_len, 240000001a0001000e00000000000000020000000000000000000000080001007f000001",
    })
    void strictCheckingRefusesWhatALookupDoesNotTake(String what, String request) {
        assertEquals(Errno.ERRNO_EINVAL, af.rtnlDoit(Socks.ROOT, HEX.parseHex(request), PORTID, true, Trace.NONE).errno());
        assertEquals(Errno.ERRNO_UNSPECIFIED, get(request).errno(), "without strict checking");
    }

    @Test
    void strictCheckingTakesAPlainLookup() {
        RtmRoute.DoitResult r = af.rtnlDoit(Socks.ROOT,
                HEX.parseHex("1c0000001a0001000e0000000000000002000000000000000000000000"), PORTID, true, Trace.NONE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(1, r.replies().size());
    }
}
