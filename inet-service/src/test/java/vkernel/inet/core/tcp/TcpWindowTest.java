package vkernel.inet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Results;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;

/**
 * The receive window over lo: a reader that keeps up with its sender never lets its
 * queue fill, and the sender must still learn, from window updates, that it may go on
 * past the first window (tcp_cleanup_rbuf against the advertised window).
 */
class TcpWindowTest {
    @Test
    void aReaderThatKeepsUpGetsEverySmallChunkPastTheFirstWindow() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long[] p = s.pair(9191);
        String chunk = "x".repeat(1024);
        int window = s.tcpSock(p[1]).windowClamp();
        int chunks = 4 * window / chunk.length();
        for (int i = 0; i < chunks; i++) {
            Results.Send sent = s.send(p[0], chunk, 0);
            assertEquals(chunk.length(), sent.ret(), "send of chunk " + i);
            Results.Recv got = s.recv(p[1], chunk.length(), 0);
            assertEquals(Errno.ERRNO_UNSPECIFIED, got.errno(), "recv of chunk " + i + " (" + (long) i * chunk.length()
                    + " bytes read so far, window " + window + ")");
            assertEquals(chunk.length(), got.ret(), "recv of chunk " + i);
        }
    }

    @Test
    void aReaderThatFallsBehindOpensTheWindowAgainOnceItReads() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long[] p = s.pair(9192);
        int window = s.tcpSock(p[1]).windowClamp();
        String big = "y".repeat(window + 4096);
        assertEquals(big.length(), s.send(p[0], big, 0).ret()); // the rest waits in the send buffer
        assertEquals(window, s.tcpSock(p[1]).rcvQueue.size());
        long read = 0;
        while (read < big.length()) {
            Results.Recv got = s.recv(p[1], 1000, 0);
            assertEquals(Errno.ERRNO_UNSPECIFIED, got.errno(), "after " + read + " bytes");
            read += got.ret();
        }
        assertEquals(big.length(), read);
    }
}
