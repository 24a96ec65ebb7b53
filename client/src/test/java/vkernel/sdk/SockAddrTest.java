package vkernel.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SockAddrTest {
    @Test
    void inetIsSixteenBytesOfSockaddrIn() {
        SockAddr a = SockAddr.inet("127.0.0.1", 8080);
        assertEquals("02001f907f0000010000000000000000", HexFormat.of().formatHex(a.bytes()));
        assertEquals(2, a.family());
        assertEquals("127.0.0.1:8080", a.toString());
        assertEquals(a, SockAddr.parse("127.0.0.1:8080"));
    }

    @Test
    void netlinkIsTwelveBytesOfSockaddrNl() {
        SockAddr a = SockAddr.netlink(4242424, 64);
        assertEquals("10000000f8bb400040000000", HexFormat.of().formatHex(a.bytes()));
        assertEquals("nl:4242424:64", a.toString());
        assertEquals(a, SockAddr.parse("nl:4242424:64"));
        assertEquals("nl:4294967295:0", SockAddr.netlink(-1, 0).toString());
    }

    @Test
    void decodesWhatTheKernelFilled() {
        assertEquals("-", SockAddr.of(new byte[0]).toString());
        assertTrue(SockAddr.of(new byte[0]).isEmpty());
        assertEquals("AF_INET6", SockAddr.of(new byte[] {10, 0, 1, 2}).toString());
        assertEquals("AF_UNSPEC", SockAddr.of(new byte[] {0}).toString());
    }

    @Test
    void ipv4IsParsedStrictly() {
        assertEquals(0x0a000001, SockAddr.parseIpv4("10.0.0.1"));
        assertEquals(0xffffffff, SockAddr.parseIpv4("255.255.255.255"));
        for (String bad : new String[] {"1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.-4", "1..3.4", "a.b.c.d",
            "1.2.3.4 ", "+1.2.3.4"}) {
            assertThrows(IllegalArgumentException.class, () -> SockAddr.parseIpv4(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> SockAddr.inet(0, 65536));
    }

    @Test
    void structValues() {
        assertEquals("010000001e000000", HexFormat.of().formatHex(new Linger(1, 30).encode()));
        assertEquals(new Linger(1, 0), Linger.decode(new byte[] {1}));
        assertEquals("0200000000000000" + "20a1070000000000",
                HexFormat.of().formatHex(new Timeval(2, 500000).encode()));
        assertEquals(new Timeval(0, 100000), Timeval.decode(new Timeval(0, 100000).encode()));
    }

    @Test
    void errnoExceptionNamesTheErrno() {
        ErrnoException e = new ErrnoException("bind", 98);
        assertEquals("EADDRINUSE", e.errnoName());
        assertEquals("bind: EADDRINUSE", e.getMessage());
        assertEquals("E200", new ErrnoException("x", 200).errnoName());
        assertEquals("EINTR", new CallInterruptedException("recv").errnoName());
    }
}
