package vkernel.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;

class ResultFormatTest {
    private final ResultFormat fmt = new ResultFormat(4242, List.of(4242, 4243));

    @Test
    void quotesPrintableAsciiAndEscapesTheRest() {
        byte[] b = {'h', 'i', '\t', 'c', 0, '!', 0x01, (byte) 0xff, '"', '\\', ' ', '~', 0x7f, '\n'};
        assertEquals("\"hi\\x09c\\x00!\\x01\\xff\\\"\\\\ ~\\x7f\\x0a\"", ResultFormat.quote(b, b.length));
        assertEquals("\"\"", ResultFormat.quote(b, 0));
    }

    @Test
    void receivedShowsAtMostLenBytes() {
        assertEquals("3 \"abc\"", ResultFormat.received(new Received(3, "abc".getBytes(), SockAddr.none(), 0), 100));
        // MSG_TRUNC: N is the datagram's length, the data only what fit
        assertEquals("8 \"123\"", ResultFormat.received(new Received(8, "123".getBytes(), SockAddr.none(), 0x20), 3));
        // a kernel that sends fewer bytes than N: the zero-filled buffer shows through
        assertEquals("4 \"ab\\x00\\x00\"",
                ResultFormat.received(new Received(4, "ab".getBytes(), SockAddr.none(), 0), 10));
        assertEquals("0 \"\"", ResultFormat.received(new Received(0, new byte[0], SockAddr.none(), 0), 10));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, POLLIN", "5, POLLIN|POLLOUT", "20, POLLOUT|POLLHUP", "16, POLLHUP",
        "8197, POLLIN|POLLOUT|POLLRDHUP", "63, POLLIN|POLLPRI|POLLOUT|POLLERR|POLLHUP|POLLNVAL",
        "65, POLLIN|64", "320, 320", "-16, POLLHUP|POLLNVAL|POLLRDHUP|57280"})
    void pollEventsInKernelOrder(int revents, String text) {
        assertEquals(text, ResultFormat.pollEvents(revents));
    }

    @Test
    void ephemeralPortsAreStars() {
        assertEquals("127.0.0.1:*", fmt.addr(SockAddr.inet("127.0.0.1", 32768)));
        assertEquals("0.0.0.0:*", fmt.addr(SockAddr.inet("0.0.0.0", 60999)));
        assertEquals("127.0.0.1:32767", fmt.addr(SockAddr.inet("127.0.0.1", 32767)));
        assertEquals("127.0.0.1:61000", fmt.addr(SockAddr.inet("127.0.0.1", 61000)));
        assertEquals("0.0.0.0:0", fmt.addr(SockAddr.inet("0.0.0.0", 0)));
    }

    @Test
    void netlinkPortidsAreNormalised() {
        assertEquals("nl:PID:0", fmt.addr(SockAddr.netlink(4242, 0)));
        assertEquals("nl:*:0", fmt.addr(SockAddr.netlink(4243, 0)));
        assertEquals("nl:*:64", fmt.addr(SockAddr.netlink(-4096, 64)));
        assertEquals("nl:0:1088", fmt.addr(SockAddr.netlink(0, 1088)));
        assertEquals("nl:4242424:4294967295", fmt.addr(SockAddr.netlink(4242424, -1)));
    }

    @Test
    void addressesWithoutATokenFormat() {
        assertEquals("-", fmt.addr(SockAddr.none()));
        assertEquals("AF_INET6", fmt.addr(SockAddr.of(new byte[] {10, 0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})));
        assertEquals("AF_UNIX", fmt.addr(SockAddr.of(new byte[] {1, 0})));
        assertEquals("AF_INET", fmt.addr(SockAddr.of(new byte[] {2, 0, 0, 80}))); // too short for sockaddr_in
        assertEquals("AF_99", fmt.addr(SockAddr.of(new byte[] {99, 0})));
    }

    @Test
    void failuresAreNamedNeverNumbered() {
        assertEquals("-1 EAFNOSUPPORT", ResultFormat.failure(new ErrnoException("socket", 97)));
        assertEquals("-1 E200", ResultFormat.failure(new ErrnoException("socket", 200)));
    }
}
