package vkernel.inet.core.fib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;

/**
 * The RTM_GETADDR dump (inet_dump_ifaddr) with and without NETLINK_GET_STRICT_CHK
 * (inet_valid_dump_ifaddr_req), as Linux 6.18 answered in
 * conformance/scenarios/netlink-rtm-getaddr-strict.scn.
 */
class RtmGetaddrTest {
    private static final HexFormat HEX = HexFormat.of();
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);

    {
        Socks.loopbackUp(af, Socks.NETNS);
    }

    /** nlmsghdr (RTM_GETADDR, NLM_F_REQUEST|NLM_F_DUMP, seq 1) and what follows it. */
    private static byte[] request(String body) {
        int len = 16 + body.length() / 2;
        return HEX.parseHex(String.format("%02x000000", len) + "16000103" + "01000000" + "00000000" + body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // what, ifaddrmsg and attributes, strict, errno, messages, answer flags
        "lax: header values ignored, 0208 00fe 07000000, false, ERRNO_UNSPECIFIED, 1, 0",
        "lax: an attribute ignored, 0200 0000 00000000 07000300 6c6f0000, false, ERRNO_UNSPECIFIED, 1, 0",
        "lax: a short header, 02000000, false, ERRNO_UNSPECIFIED, 1, 0",
        "strict: a prefix length, 0208 0000 00000000, true, ERRNO_EINVAL, 0, 0",
        "strict: flags, 0200 8000 00000000, true, ERRNO_EINVAL, 0, 0",
        "strict: a scope, 0200 00fe 00000000, true, ERRNO_EINVAL, 0, 0",
        "strict: lo by index, 0200 0000 01000000, true, ERRNO_UNSPECIFIED, 1, 32",
        "strict: no such device, 0200 0000 07000000, true, ERRNO_ENODEV, 0, 32",
        "strict: an attribute, 0200 0000 00000000 07000300 6c6f0000, true, ERRNO_EINVAL, 0, 0",
        "strict: a short header, 02000000, true, ERRNO_EINVAL, 0, 0",
        "strict: a plain dump, 0200 0000 00000000, true, ERRNO_UNSPECIFIED, 1, 0",
    })
    void dumpsLoOrEndsInTheErrnoLinuxGives(String what, String body, boolean strict, Errno errno, int messages,
            int answerFlags) {
        RtmRoute.DumpResult r = af.rtnlDumpit(Socks.ROOT, request(body.replace(" ", "")), 5000990, strict, Trace.NONE);
        assertEquals(errno, r.errno());
        assertEquals(messages, r.messages().size());
        assertEquals(answerFlags, r.answerFlags());
        for (byte[] m : r.messages()) {
            // nlmsg_flags: NLM_F_MULTI, and NLM_F_DUMP_FILTERED when the request filtered by ifa_index
            assertEquals(2 | answerFlags, (m[6] & 0xff) | (m[7] & 0xff) << 8);
            assertEquals("lo", new String(m, 44, 2, StandardCharsets.US_ASCII), "IFA_LABEL");
        }
    }
}
