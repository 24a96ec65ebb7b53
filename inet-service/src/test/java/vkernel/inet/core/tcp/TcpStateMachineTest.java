package vkernel.inet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vkernel.inet.core.tcp.TcpStates.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Net;
import vkernel.inet.core.Results;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Socket;

/**
 * The TCP state machine, table-driven: tcp_close_state's table, and a connected pair
 * over lo taken through a sequence of events (state × event → state, errno), with the
 * timers moved by hand.
 */
class TcpStateMachineTest {
    @ParameterizedTest(name = "close in {0} → {1}, FIN {2}")
    @CsvSource({
        "TCP_ESTABLISHED, TCP_FIN_WAIT1, true",
        "TCP_SYN_SENT, TCP_CLOSE, false",
        "TCP_SYN_RECV, TCP_FIN_WAIT1, true",
        "TCP_FIN_WAIT1, TCP_FIN_WAIT1, false",
        "TCP_FIN_WAIT2, TCP_FIN_WAIT2, false",
        "TCP_TIME_WAIT, TCP_CLOSE, false",
        "TCP_CLOSE, TCP_CLOSE, false",
        "TCP_CLOSE_WAIT, TCP_LAST_ACK, true",
        "TCP_LAST_ACK, TCP_LAST_ACK, false",
        "TCP_LISTEN, TCP_CLOSE, false",
        "TCP_CLOSING, TCP_CLOSING, false",
    })
    void closeStateTable(String from, String to, boolean fin) throws Exception {
        int state = TcpStates.class.getField(from).getInt(null);
        assertEquals(to, TcpStates.name(TcpClose.closeNextState(state)));
        assertEquals(fin, TcpClose.closeSendsFin(state));
    }

    /**
     * Events: "a:shutwr" (shutdown SHUT_WR), "a:shutrd", "a:close", "a:abort" (SO_LINGER 0 then
     * close), "a:send", "a:recv", "a:unread" (b sends, a closes unread), "delack" (40 ms),
     * "timewait" (60 s). a is the connecting side, b the accepted one; after the events:
     * a's state, b's state, the error a pending SO_ERROR holds on b, and how many TIME_WAIT socks hold ports.
     */
    @ParameterizedTest(name = "{0} → a {1}, b {2}, b.err {3}, tw {4}")
    @CsvSource({
        "'', TCP_ESTABLISHED, TCP_ESTABLISHED, 0, 0",
        "a:shutwr, TCP_FIN_WAIT1, TCP_CLOSE_WAIT, 0, 0",
        "a:shutwr delack, TCP_FIN_WAIT2, TCP_CLOSE_WAIT, 0, 0",
        "a:shutwr b:send, TCP_FIN_WAIT2, TCP_CLOSE_WAIT, 0, 0",
        "a:shutwr b:shutwr, TCP_CLOSE, TCP_CLOSE, 0, 1",
        "a:shutwr delack b:shutwr, TCP_CLOSE, TCP_CLOSE, 0, 1",
        "a:shutwr delack b:shutwr timewait, TCP_CLOSE, TCP_CLOSE, 0, 0",
        "a:shutrd, TCP_ESTABLISHED, TCP_ESTABLISHED, 0, 0",
        "a:shutrd b:send, TCP_ESTABLISHED, TCP_ESTABLISHED, 0, 0",
        "a:close, -, TCP_CLOSE_WAIT, 0, 0",
        "a:close delack, -, TCP_CLOSE_WAIT, 0, 1",
        "a:close b:send, -, TCP_CLOSE, 32, 0",
        "a:close b:close, -, -, 0, 1",
        "a:close delack b:close timewait, -, -, 0, 0",
        "a:abort, -, TCP_CLOSE, 104, 0",
        "a:unread, -, TCP_CLOSE, 104, 0",
        "b:shutwr a:send, TCP_CLOSE_WAIT, TCP_FIN_WAIT2, 0, 0",
        "simultaneous, TCP_CLOSE, TCP_CLOSE, 0, 2",
    })
    void transitions(String events, String a, String b, int bErr, int timeWaits) {
        ManualTimers timers = new ManualTimers();
        Socks s = new Socks(new AfInet(timers, Trace.NO_SOURCE));
        long[] p = s.pair(8080);
        boolean aOpen = true;
        boolean bOpen = true;
        for (String ev : events.isBlank() ? new String[0] : events.trim().split(" ")) {
            switch (ev) {
                case "a:shutwr" -> assertEquals(Errno.ERRNO_UNSPECIFIED, s.shutdown(p[0], Socket.SHUT_WR));
                case "b:shutwr" -> assertEquals(Errno.ERRNO_UNSPECIFIED, s.shutdown(p[1], Socket.SHUT_WR));
                case "a:shutrd" -> assertEquals(Errno.ERRNO_UNSPECIFIED, s.shutdown(p[0], Socket.SHUT_RD));
                case "a:send" -> s.send(p[0], "x", 0);
                case "b:send" -> s.send(p[1], "x", 0);
                case "a:close" -> {
                    s.close(p[0]);
                    aOpen = false;
                }
                case "b:close" -> {
                    s.close(p[1]);
                    bOpen = false;
                }
                case "a:abort" -> {
                    s.af.setsockopt(Socks.ROOT, p[0], Socket.SOL_SOCKET, Socket.SO_LINGER, new byte[] {1, 0, 0, 0, 0, 0, 0, 0},
                            Trace.NONE);
                    s.close(p[0]);
                    aOpen = false;
                }
                case "a:unread" -> {
                    s.send(p[1], "unread", 0);
                    s.close(p[0]);
                    aOpen = false;
                }
                case "delack" -> timers.advance(TcpOutput.DELACK_MILLIS);
                case "timewait" -> timers.advance(TcpMinisocks.TIMEWAIT_LEN_MILLIS);
                case "simultaneous" -> {
                    // both FINs in flight before either arrives: FIN_WAIT1 → CLOSING → TIME_WAIT on both sides
                    TcpSock x = s.tcpSock(p[0]);
                    TcpSock y = s.tcpSock(p[1]);
                    synchronized (x.net) {
                        x.shutdown |= vkernel.net.core.Sock.SEND_SHUTDOWN;
                        TcpClose.shutdown(x, vkernel.net.core.Sock.SEND_SHUTDOWN);
                        y.shutdown |= vkernel.net.core.Sock.SEND_SHUTDOWN;
                        TcpClose.shutdown(y, vkernel.net.core.Sock.SEND_SHUTDOWN);
                        assertEquals(TCP_FIN_WAIT1, x.state);
                        assertEquals(TCP_FIN_WAIT1, y.state);
                        x.net.drain();
                    }
                }
                default -> throw new IllegalArgumentException(ev);
            }
        }
        if (aOpen) {
            assertEquals(a, TcpStates.name(s.state(p[0])), "a");
        } else {
            assertNull(s.af.sock(p[0]), "a's handle is gone");
        }
        if (bOpen) {
            assertEquals(b, TcpStates.name(s.state(p[1])), "b");
            assertEquals(bErr, s.tcpSock(p[1]).err, "b's sk_err");
        }
        Net net = s.af.net(Socks.NETNS);
        long tw = net.tcpHashinfo().ehash.values().stream().filter(x -> x instanceof InetTimewaitSock).count();
        assertEquals(timeWaits, tw, "TIME_WAIT socks");
    }

    @ParameterizedTest(name = "connect to {0} = {1}")
    @CsvSource({
        "127.0.0.1:9, ECONNREFUSED",
        "0.0.0.0:9, ECONNREFUSED",
        "127.255.255.255:9, ENETUNREACH",
        "224.0.0.1:9, ENETUNREACH",
        "10.0.0.1:9, ENETUNREACH",
        "127.0.0.1:8080, UNSPECIFIED",
        "127.0.0.9:8080, UNSPECIFIED",
        "0.0.0.0:8080, UNSPECIFIED",
    })
    void connectResults(String to, String errno) {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long l = s.tcp();
        s.bind(l, "0.0.0.0:8080");
        s.listen(l, 4);
        long c = s.tcp();
        Errno e = s.connect(c, to);
        assertEquals(Errno.valueOf("ERRNO_" + errno), e);
        assertEquals(e == Errno.ERRNO_UNSPECIFIED ? TCP_ESTABLISHED : TCP_CLOSE, s.state(c));
        assertEquals(0, s.af.sock(c).err, "sock_error consumed what the reset left");
    }

    @Test
    void backlogFullLeavesSynSentAndRetransmitsAfterASecond() {
        ManualTimers timers = new ManualTimers();
        Socks s = new Socks(new AfInet(timers, Trace.NO_SOURCE));
        long l = s.tcp();
        s.bind(l, "127.0.0.1:8080");
        s.listen(l, 0);
        long c1 = s.tcp();
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.connect(c1, "127.0.0.1:8080"), "backlog 0 takes one");
        long c2 = s.tcp();
        java.util.concurrent.CompletableFuture<Results.Connect> f = new java.util.concurrent.CompletableFuture<>();
        s.af.connect(Socks.ROOT, c2, Socks.addr("127.0.0.1:8080"), true, Trace.NONE, f::complete);
        assertEquals(Errno.ERRNO_EINPROGRESS, Socks.now(f).errno());
        assertEquals(TCP_SYN_SENT, s.state(c2), "the SYN was dropped");
        s.accept(l);
        timers.advance(TcpIpv4.TIMEOUT_INIT_MILLIS);
        assertEquals(TCP_ESTABLISHED, s.state(c2), "the retransmitted SYN found room");
        assertEquals(1, s.tcpSock(c2).retransmits);
    }
}
