package vkernel.inet.core.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.kernel.trace.Trace;

/**
 * RTM_GETLINK (rtnl_dump_ifinfo, rtnl_getlink) with and without NETLINK_GET_STRICT_CHK,
 * as Linux 6.18 answered in conformance/scenarios/netlink-link-getlink.scn; the bytes
 * themselves are compared there.
 */
class RtmGetlinkTest {
    private static final HexFormat HEX = HexFormat.of();
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);

    {
        Socks.loopbackUp(af, Socks.NETNS);
    }

    /** nlmsghdr (RTM_GETLINK, flags, seq 1) and what follows it. */
    private static byte[] request(int flags, String body) {
        body = body.replace(" ", "");
        int len = 16 + body.length() / 2;
        return HEX.parseHex(String.format("%02x000000", len) + "1200" + String.format("%02x%02x", flags & 0xff,
                flags >> 8) + "01000000" + "00000000" + body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // what, ifinfomsg and attributes, strict, errno, messages
        "lax: a dump, 00000000 00000000 00000000 00000000, false, ERRNO_UNSPECIFIED, 1",
        "lax: rtgenmsg alone, 00000000, false, ERRNO_UNSPECIFIED, 1",
        "lax: header values ignored, 00000500 01000000 01000000 00000000, false, ERRNO_UNSPECIFIED, 1",
        "strict: a dump, 00000000 00000000 00000000 00000000, true, ERRNO_UNSPECIFIED, 1",
        "strict: by index, 00000000 01000000 00000000 00000000, true, ERRNO_EINVAL, 0",
        "strict: flags, 00000000 00000000 01000000 00000000, true, ERRNO_EINVAL, 0",
        "strict: rtgenmsg alone, 00000000, true, ERRNO_EINVAL, 0",
        "strict: IFLA_EXT_MASK, 00000000 00000000 00000000 00000000 08001d00 08000000, true, ERRNO_UNSPECIFIED, 1",
        "strict: IFLA_IFNAME, 00000000 00000000 00000000 00000000 07000300 6c6f0000, true, ERRNO_EINVAL, 0",
        "strict: a kind nobody has, 00000000 00000000 00000000 00000000 0c001200 08000100 69666200, true, ERRNO_UNSPECIFIED, 0",
        "strict: an unknown attribute, 00000000 00000000 00000000 00000000 08006300 01000000, true, ERRNO_EINVAL, 0",
    })
    void dumpsLoOrEndsInTheErrnoLinuxGives(String what, String body, boolean strict, Errno errno, int messages) {
        RtmRoute.DumpResult r = af.rtnlDumpit(Socks.ROOT, request(0x301, body), 5000990, strict, Trace.NONE);
        assertEquals(errno, r.errno());
        assertEquals(messages, r.messages().size());
        for (byte[] m : r.messages()) {
            assertEquals(1, m[20], "ifi_index");
            assertEquals("lo", new String(m, 36, 2, StandardCharsets.US_ASCII), "IFLA_IFNAME");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "lo by index, 00000000 01000000 00000000 00000000, false, ERRNO_UNSPECIFIED",
        "lo by name, 00000000 00000000 00000000 00000000 07000300 6c6f0000, false, ERRNO_UNSPECIFIED",
        "no such index, 00000000 07000000 00000000 00000000, false, ERRNO_ENODEV",
        "no such name, 00000000 00000000 00000000 00000000 0b000300 6e6f7375 636800, false, ERRNO_ENODEV",
        "neither, 00000000 00000000 00000000 00000000, false, ERRNO_EINVAL",
        "a name too long, 00000000 00000000 00000000 00000000 15000300 61616161 61616161 61616161 61616161 00000000, false, ERRNO_ERANGE",
        "short header, 00000000 00000000, false, ERRNO_EINVAL",
        "lax: IFLA_MTU ignored, 00000000 01000000 00000000 00000000 08000400 e8030000, false, ERRNO_UNSPECIFIED",
        "a short IFLA_MTU, 00000000 01000000 00000000 00000000 06000400 0100, false, ERRNO_ERANGE",
        "strict: ifi_change, 00000000 01000000 00000000 01000000, true, ERRNO_EINVAL",
        "strict: IFLA_MTU, 00000000 01000000 00000000 00000000 08000400 e8030000, true, ERRNO_EINVAL",
    })
    void getsLoOrTheErrnoLinuxGives(String what, String body, boolean strict, Errno errno) {
        RtmRoute.DoitResult r = af.rtnlDoit(Socks.ROOT, request(0x5, body), 5000990, strict, Trace.NONE);
        assertEquals(errno, r.errno());
        assertEquals(errno == Errno.ERRNO_UNSPECIFIED ? 1 : 0, r.replies().size());
    }
}
