package vkernel.inet.core.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;

/**
 * The RTM_GETROUTE dump of a fresh namespace (lo's three local-table routes) with
 * NETLINK_GET_STRICT_CHK: ip_valid_fib_dump_req's refusals and filters, as Linux 6.18
 * answered in conformance/scenarios/netlink-rtm-getroute-dump-strict.scn.
 */
class RtmDumpStrictTest {
    private static final HexFormat HEX = HexFormat.of();
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);

    {
        Socks.loopbackUp(af, Socks.NETNS);
    }

    /** nlmsghdr (RTM_GETROUTE, NLM_F_REQUEST|NLM_F_DUMP, seq 1), rtmsg, attributes. */
    private static byte[] request(String body) {
        String b = body.replace(" ", "");
        return HEX.parseHex(String.format("%02x000000", 16 + b.length() / 2) + "1a000103" + "01000000" + "00000000" + b);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // what, rtmsg (family dst src tos table protocol scope type, flags) and attributes, errno, routes, DONE's flags
        "a destination length, 02080000 00000000 00000000, ERRNO_EINVAL, 0, 0",
        "tos, 02000004 00000000 00000000, ERRNO_EINVAL, 0, 0",
        "RTM_F_NOTIFY, 02000000 00000000 00010000, ERRNO_EINVAL, 0, 0",
        "the local table, 02000000 ff000000 00000000, ERRNO_UNSPECIFIED, 3, 32",
        "the main table by RTA_TABLE, 02000000 00000000 00000000 08000f00 fe000000, ERRNO_UNSPECIFIED, 0, 32",
        "no such table, 02000000 64000000 00000000, ERRNO_ENOENT, 0, 32",
        "RTN_BROADCAST, 02000000 00000003 00000000, ERRNO_UNSPECIFIED, 1, 32",
        "protocol kernel, 02000000 00020000 00000000, ERRNO_UNSPECIFIED, 3, 32",
        "protocol boot, 02000000 00030000 00000000, ERRNO_UNSPECIFIED, 0, 32",
        "RTA_OIF lo, 02000000 00000000 00000000 08000400 01000000, ERRNO_UNSPECIFIED, 3, 32",
        "RTA_OIF of no device, 02000000 00000000 00000000 08000400 07000000, ERRNO_ENODEV, 0, 0",
        "RTA_DST, 02000000 00000000 00000000 08000100 0000000a, ERRNO_EINVAL, 0, 0",
        "RTM_F_CLONED, 02000000 00000000 00020000, ERRNO_UNSPECIFIED, 0, 32",
        "a plain dump, 02000000 00000000 00000000, ERRNO_UNSPECIFIED, 3, 0",
    })
    void refusesOrFiltersAsIpValidFibDumpReq(String what, String body, Errno errno, int routes, int doneFlags) {
        RtmRoute.DumpResult r = af.rtnlDumpit(Socks.ROOT, request(body), 5000991, true, Trace.NONE);
        assertEquals(errno, r.errno());
        assertEquals(routes, r.messages().size());
        assertEquals(doneFlags, r.answerFlags());
        for (byte[] m : r.messages()) {
            // every route of a strict dump is NLM_F_MULTI|NLM_F_DUMP_FILTERED: the dump leaves the exceptions out
            assertEquals(0x22, (m[6] & 0xff) | (m[7] & 0xff) << 8);
        }
    }

    @org.junit.jupiter.api.Test
    void aDumpOfNoSuchTableSaysWhyAsLinuxsExtackDoes() {
        RtmRoute.DumpResult r = af.rtnlDumpit(Socks.ROOT, request("02000000 64000000 00000000"), 5000991, true, Trace.NONE);
        assertEquals(Errno.ERRNO_ENOENT, r.errno());
        assertEquals("ipv4: FIB table does not exist", r.extack()); // `ip route show table 100`: "Error: ipv4: FIB table does not exist."
        assertEquals(null, af.rtnlDumpit(Socks.ROOT, request("02000000 ff000000 00000000"), 5000991, true, Trace.NONE).extack());
    }
}
