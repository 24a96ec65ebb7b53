package vkernel.inet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Poll;
import vkernel.uapi.Socket;

/** sock_poll for epoll's edge trigger: the wake-up count every answer carries, and the wait for a new wake-up. */
class EdgePollTest {
    private final Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));

    private CompletableFuture<Revents> poll(long sk, int events, int timeoutMs, long afterWake) {
        CompletableFuture<Revents> f = new CompletableFuture<>();
        Context.current().withCancellation().run(() -> s.af.poll(Socks.ROOT, sk, events, timeoutMs, afterWake, Trace.NONE, f::complete));
        return f;
    }

    private Revents pollNow(long sk) throws Exception {
        return poll(sk, Poll.POLLIN, 0, Revents.LEVEL).get(1, TimeUnit.SECONDS);
    }

    @Test
    void udpEdgePollWaitsForANewWakeup() throws Exception {
        long u = s.udp();
        s.bind(u, "127.0.0.1:5001");
        long c = s.udp();
        long before = pollNow(u).wakes();
        assertEquals(1, s.sendto(c, "a", "127.0.0.1:5001").ret());
        Revents queued = pollNow(u);
        assertEquals(Poll.POLLIN, queued.mask());
        assertTrue(queued.wakes() > before, "queuing a datagram wakes the queue");

        Revents unseen = poll(u, Poll.POLLIN, -1, queued.wakes() - 1).get(1, TimeUnit.SECONDS);
        assertEquals(new Revents(Poll.POLLIN, queued.wakes()), unseen, "a wake-up not yet seen: at once");

        Revents timedOut = poll(u, Poll.POLLIN, 200, queued.wakes()).get(2, TimeUnit.SECONDS);
        assertEquals(new Revents(Poll.POLLIN, queued.wakes()), timedOut, "no new wake-up: the current mask at the timeout");

        CompletableFuture<Revents> next = poll(u, Poll.POLLIN, -1, queued.wakes());
        Thread.sleep(20);
        assertFalse(next.isDone(), "readable, but already seen: it sleeps");
        s.sendto(c, "b", "127.0.0.1:5001");
        Revents woken = next.get(1, TimeUnit.SECONDS);
        assertEquals(Poll.POLLIN, woken.mask());
        assertTrue(woken.wakes() > queued.wakes());
    }

    @Test
    void tcpEdgePollAnswersOnNewData() throws Exception {
        long[] p = s.pair(8090);
        s.send(p[0], "x", 0);
        Revents first = pollNow(p[1]);
        assertEquals(Poll.POLLIN, first.mask());
        assertEquals(Poll.POLLIN, poll(p[1], Poll.POLLIN, 0, first.wakes() - 1).get(1, TimeUnit.SECONDS).mask());

        CompletableFuture<Revents> next = poll(p[1], Poll.POLLIN, 5000, first.wakes());
        s.send(p[0], "y", 0);
        Revents r = next.get(2, TimeUnit.SECONDS);
        assertEquals(Poll.POLLIN, r.mask());
        assertTrue(r.wakes() > first.wakes(), "the second segment was counted");
        assertEquals("xy", s.recvText(p[1], 10));
    }

    @Test
    void levelPollIgnoresTheCount() throws Exception {
        long[] p = s.pair(8091);
        s.send(p[0], "x", 0);
        assertEquals(Poll.POLLIN, poll(p[1], Poll.POLLIN, -1, Revents.LEVEL).get(1, TimeUnit.SECONDS).mask());
    }

    @Test
    void loweringRcvlowatWakesAReader() throws Exception {
        long[] p = s.pair(8092);
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.af.setsockopt(Socks.ROOT, p[1], Socket.SOL_SOCKET, Socket.SO_RCVLOWAT, intval(10),
                Trace.NONE));
        s.send(p[0], "abc", 0);
        CompletableFuture<Revents> in = poll(p[1], Poll.POLLIN, -1, Revents.LEVEL);
        Thread.sleep(20);
        assertFalse(in.isDone(), "3 bytes are below the mark");
        // tcp_set_rcvlowat calls tcp_data_ready: what is queued is readable now
        s.af.setsockopt(Socks.ROOT, p[1], Socket.SOL_SOCKET, Socket.SO_RCVLOWAT, intval(1), Trace.NONE);
        assertEquals(Poll.POLLIN, in.get(1, TimeUnit.SECONDS).mask());
    }

    private static byte[] intval(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
