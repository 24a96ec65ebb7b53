package vkernel.inet.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vkernel.inet.core.tcp.TcpMinisocks;
import vkernel.inet.core.tcp.TcpOutput;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Socket;

/** Nothing leaks: once every sock is released (and TIME_WAIT has run out) the namespace is as new. */
class LeakTest {
    @Test
    void everyTableEmptiesAfterRelease() {
        ManualTimers timers = new ManualTimers();
        Socks s = new Socks(new AfInet(timers, Trace.NO_SOURCE));
        long l = s.tcp();
        s.bind(l, "127.0.0.1:8080");
        s.listen(l, 16);
        long[] clients = new long[5];
        long[] servers = new long[5];
        for (int i = 0; i < 5; i++) {
            clients[i] = s.tcp();
            s.connect(clients[i], "127.0.0.1:8080");
            servers[i] = s.accept(l);
            s.send(clients[i], "hello", 0);
        }
        long pending = s.tcp();
        s.connect(pending, "127.0.0.1:8080"); // left in the accept queue
        long u1 = s.udp();
        s.bind(u1, "127.0.0.1:5000");
        long u2 = s.udp();
        s.sendto(u2, "datagram", "127.0.0.1:5000"); // autobound, left queued
        long raw = s.af.create(Socks.ROOT, Socket.SOCK_RAW, 1, false, 0, Trace.NONE).sock();
        assertFalse(s.af.isPristine(Socks.NETNS));

        for (int i = 0; i < 5; i++) {
            s.close(i % 2 == 0 ? clients[i] : servers[i]); // some with unread data: reset
            s.close(i % 2 == 0 ? servers[i] : clients[i]);
        }
        s.close(pending);
        s.close(l);
        s.close(u1);
        s.close(u2);
        s.close(raw);
        assertEquals(0, s.af.sockCount());
        timers.advance(TcpOutput.DELACK_MILLIS);
        timers.advance(TcpMinisocks.TIMEWAIT_LEN_MILLIS);
        assertTrue(s.af.isPristine(Socks.NETNS), "no sock, port, connection or extra route left");
        assertEquals(0, timers.pending(), "no timer left either");
    }

    @Test
    void netnsExitDropsEverything() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long[] p = s.pair(8080);
        assertEquals(2, s.af.sockCount());
        s.af.netnsExit(Socks.NETNS);
        assertEquals(0, s.af.sockCount());
        assertEquals(vkernel.errno.v1.Errno.ERRNO_EBADF, s.bind(p[0], "127.0.0.1:1"));
        assertTrue(s.af.isPristine(Socks.NETNS));
    }
}
