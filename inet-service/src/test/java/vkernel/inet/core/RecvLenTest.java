package vkernel.inet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Socket;

/**
 * recv's len as a user passes it: a size_t, carried by the contract as a uint64 (so 2^63
 * and up read as negative longs). Linux clamps it to MAX_RW_COUNT in import_ubuf
 * (lib/iov_iter.c, from net/socket.c:__sys_recvfrom) and never fails for being big;
 * the data queued stays intact and the socket usable.
 */
class RecvLenTest {
    private final Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));

    private Results.Recv recv(long sk, long uint64Len, int flags) {
        CompletableFuture<Results.Recv> f = new CompletableFuture<>();
        s.af.recvmsg(Socks.ROOT, sk, IovLen.of(uint64Len), flags, true, Trace.NONE, f::complete);
        return Socks.now(f);
    }

    @ParameterizedTest(name = "len {0} (uint64 bits)")
    @ValueSource(longs = {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 0xFFFF_FFFFL, 0x8000_0000L, 2147479553L, 2147479552L,
        2147483647L, -2L})
    void tcpHugeLenReadsWhatIsQueued(long len) {
        long[] p = s.pair(8300);
        assertEquals(11, s.send(p[0], "hello world", 0).ret());
        Results.Recv r = recv(p[1], len, 0);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(11, r.ret());
        assertEquals("hello world", new String(r.data()));
        // and the socket stays usable, its later data intact
        assertEquals(4, s.send(p[0], "more", 0).ret());
        Results.Recv again = recv(p[1], len, Socket.MSG_PEEK);
        assertEquals(4, again.ret());
        assertEquals("more", new String(again.data()));
        assertEquals("more", s.recvText(p[1], 100));
        assertEquals(Errno.ERRNO_EAGAIN, recv(p[1], len, 0).errno());
    }

    @ParameterizedTest(name = "len {0} (uint64 bits)")
    @ValueSource(longs = {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 2147479553L})
    void tcpHugeLenWithTruncDiscardsWhatIsQueued(long len) {
        long[] p = s.pair(8301);
        s.send(p[0], "abcdef", 0);
        Results.Recv r = recv(p[1], len, Socket.MSG_TRUNC);
        assertEquals(6, r.ret());
        assertEquals(0, r.data().length);
        s.send(p[0], "xy", 0);
        assertEquals("xy", s.recvText(p[1], 100));
    }

    @ParameterizedTest(name = "len {0} (uint64 bits)")
    @ValueSource(longs = {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 2147479553L})
    void tcpHugeLenWithWaitallTakesWhatIsThere(long len) {
        long[] p = s.pair(8302);
        s.send(p[0], "abc", 0);
        Results.Recv r = recv(p[1], len, Socket.MSG_WAITALL | Socket.MSG_DONTWAIT);
        assertEquals(3, r.ret());
        assertEquals("abc", new String(r.data()));
    }

    @org.junit.jupiter.api.Test
    void tcpZeroLenReadsNothingAndLosesNothing() {
        long[] p = s.pair(8303);
        s.send(p[0], "abc", 0);
        Results.Recv r = recv(p[1], 0, 0);
        assertEquals(0, r.ret());
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals("abc", s.recvText(p[1], 100));
    }

    @ParameterizedTest(name = "len {0} (uint64 bits)")
    @ValueSource(longs = {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 0xFFFF_FFFFL, 0x8000_0000L, 2147479553L, -2L})
    void udpHugeLenTakesTheWholeDatagram(long len) {
        long a = s.udp();
        s.bind(a, "127.0.0.1:5300");
        long b = s.udp();
        s.sendto(b, "first", "127.0.0.1:5300");
        s.sendto(b, "second!", "127.0.0.1:5300");
        Results.Recv r = recv(a, len, 0);
        assertEquals(5, r.ret());
        assertEquals("first", new String(r.data()));
        assertEquals(0, r.msgFlags());
        assertArrayEquals(Socks.addr("127.0.0.1:" + port(b)), r.addr());
        Results.Recv t = recv(a, len, Socket.MSG_TRUNC);
        assertEquals(7, t.ret(), "MSG_TRUNC: the real length");
        assertEquals("second!", new String(t.data()));
        assertEquals(0, t.msgFlags());
        s.sendto(b, "third", "127.0.0.1:5300");
        assertEquals("third", s.recvText(a, 100), "still usable");
        assertEquals(Errno.ERRNO_EAGAIN, recv(a, len, 0).errno());
    }

    @ParameterizedTest(name = "len {0} (uint64 bits)")
    @ValueSource(longs = {0L, 3L})
    void udpShortLenWithTruncGivesTheRealLength(long len) {
        long a = s.udp();
        s.bind(a, "127.0.0.1:5301");
        long b = s.udp();
        s.sendto(b, "abcdefgh", "127.0.0.1:5301");
        s.sendto(b, "abcdefgh", "127.0.0.1:5301");
        Results.Recv r = recv(a, len, Socket.MSG_TRUNC);
        assertEquals(8, r.ret());
        assertEquals("abcdefgh".substring(0, (int) len), new String(r.data()));
        assertEquals(Socket.MSG_TRUNC, r.msgFlags());
        Results.Recv plain = recv(a, len, 0);
        assertEquals(len, plain.ret());
        assertEquals(Socket.MSG_TRUNC, plain.msgFlags());
        assertEquals(Errno.ERRNO_EAGAIN, recv(a, 100, 0).errno(), "each datagram read once");
    }

    @ParameterizedTest(name = "len {0} (uint64 bits)")
    @ValueSource(longs = {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 2147479553L})
    void rawHugeLenTakesTheWholePacket(long len) {
        Results.Create c = s.af.create(Socks.ROOT, Socket.SOCK_RAW, 17 /* IPPROTO_UDP */, false, 0, Trace.NONE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, c.errno());
        long raw = c.sock();
        long a = s.udp();
        s.bind(a, "127.0.0.1:5302");
        long b = s.udp();
        s.sendto(b, "payload", "127.0.0.1:5302");
        s.sendto(b, "payload", "127.0.0.1:5302");
        int full = 20 + 8 + 7; // IP header, UDP header, data
        Results.Recv r = recv(raw, len, 0);
        assertEquals(full, r.ret());
        assertEquals(full, r.data().length);
        assertEquals(0, r.msgFlags());
        Results.Recv t = recv(raw, len, Socket.MSG_TRUNC);
        assertEquals(full, t.ret());
        Results.Recv shortTrunc = recv(raw, 4, Socket.MSG_TRUNC);
        assertEquals(Errno.ERRNO_EAGAIN, shortTrunc.errno(), "two packets, each read once");
        s.sendto(b, "again", "127.0.0.1:5302");
        Results.Recv cut = recv(raw, 4, Socket.MSG_TRUNC);
        assertEquals(20 + 8 + 5, cut.ret(), "MSG_TRUNC: the real length");
        assertEquals(4, cut.data().length);
        assertEquals(Socket.MSG_TRUNC, cut.msgFlags());
    }

    private int port(long sk) {
        Results.Getname n = s.af.getname(sk, false, Trace.NONE);
        return ((n.addr()[2] & 0xff) << 8) | (n.addr()[3] & 0xff);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, 0", "1, 1", "2147479552, 2147479552", "2147479553, 2147479552",
        "2147483647, 2147479552", "2147483648, 2147479552", "4294967295, 2147479552", "9223372036854775807, 2147479552",
        "-9223372036854775808, 2147479552", "-1, 2147479552"})
    void importUbufClampsToMaxRwCount(long uint64, int expected) {
        assertEquals(expected, IovLen.of(uint64).count());
    }
}
