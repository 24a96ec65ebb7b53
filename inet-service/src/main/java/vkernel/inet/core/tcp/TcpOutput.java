package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpSegment.*;
import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.inet.core.Net;
import vkernel.inet.core.Timers;

/**
 * net/ipv4/tcp_output.c: what a sock puts on the wire: SYN (tcp_connect), SYN-ACK,
 * ACKs (now or delayed), data as the peer's window and corking allow (tcp_push /
 * tcp_write_xmit), FIN behind the data (tcp_send_fin) and resets
 * (tcp_send_active_reset). Segments go to the namespace's loopback backlog and are
 * processed once the sender is done (Net#drain), as lo hands packets to the softirq.
 */
public final class TcpOutput {
    /** TCP_DELACK_MIN (HZ/25): how long an ACK in pingpong mode waits for data to ride on. */
    public static final long DELACK_MILLIS = 40;
    /** TCP_RTO_MIN: when the probe timer sends what corking held back. */
    static final long CORK_PROBE_MILLIS = 200;

    private TcpOutput() {}

    static void transmit(TcpSock sk, int flags, byte[] data, int urg) {
        sk.net.journal().sock(sk);
        TcpSegment seg = TcpSegment.from(sk, flags, data, urg);
        sk.rcvWnd = seg.window();
        sk.rcvWup = sk.rcvNxt;
        sk.segsOut++;
        if (data.length > 0) {
            sk.dstCached = true; // ip_queue_xmit routes again when the cache was reset
            sk.dataSegsOut++;
            sk.bytesSent += data.length;
            sk.lastDataSentMillis = System.currentTimeMillis();
        }
        if ((flags & ACK) != 0) {
            cancelDelack(sk); // any segment carries the owed ACK
        }
        Loopback.xmit(sk.net, seg);
    }

    static void transmit(TcpSock sk, int flags) {
        transmit(sk, flags, NO_DATA, -1);
    }

    /** tcp_connect: the SYN. */
    static void connect(TcpSock sk) {
        transmit(sk, SYN);
    }

    static void sendSynack(TcpSock sk) {
        transmit(sk, SYN | ACK);
    }

    /** tcp_send_ack. */
    static void sendAck(TcpSock sk) {
        transmit(sk, ACK);
    }

    /** tcp_send_delayed_ack: owe the peer an ACK; send it when the timer fires unless data carries it first. */
    static void sendDelayedAck(TcpSock sk) {
        sk.ackPending = true;
        armDelack(sk, DELACK_MILLIS);
    }

    /** inet_csk_reset_xmit_timer(ICSK_TIME_DACK): the owed ACK goes out after delay unless data carries it first. */
    static void armDelack(TcpSock sk, long delay) {
        sk.net.journal().sock(sk);
        sk.delackTimer.cancel();
        sk.delackTimer = sk.net.timer(delay, "tcp_delack_timer", () -> {
            if (sk.ackPending && sk.state != TCP_CLOSE) {
                sendAck(sk);
                sk.net.drain();
            }
        });
    }

    private static void cancelDelack(TcpSock sk) {
        if (sk.ackPending) {
            sk.ackPending = false;
            sk.delackTimer.cancel();
            sk.delackTimer = Timers.NOTHING;
        }
    }

    /** tcp_push: send what may go now; corked partial segments wait for the probe timer. */
    static void push(TcpSock sk) {
        push(sk, false);
    }

    /**
     * tcp_write_xmit: data up to the peer's window, in whole segments while corked
     * (TCP_CORK, or MSG_MORE on the last send) unless forced, then the FIN behind it.
     */
    static void push(TcpSock sk, boolean force) {
        if (!in(sk.state, f(TCP_ESTABLISHED) | f(TCP_CLOSE_WAIT) | f(TCP_FIN_WAIT1) | f(TCP_LAST_ACK)
                | f(TCP_CLOSING))) {
            return;
        }
        int n = Math.min(sk.writeQueue.size(), sk.sndWnd);
        boolean corked = !force && (sk.corkedByMore
                || ((sk.nonagle & TcpSock.TCP_NAGLE_CORK) != 0 && (sk.nonagle & TcpSock.TCP_NAGLE_PUSH) == 0));
        if (corked) {
            int mss = Math.max(1, sk.mssCache);
            n = n / mss * mss;
        }
        if (n > 0) {
            byte[] data = sk.writeQueue.peek(0, n);
            sk.writeQueue.consume(n);
            int urg = -1;
            if (sk.sndUp > sk.sndNxt && sk.sndUp <= sk.sndNxt + n) {
                urg = (int) (sk.sndUp - 1 - sk.sndNxt);
            }
            sk.sndNxt += n;
            sk.sndWnd -= n;
            sk.bytesAcked += n; // lo acknowledges what it delivers
            transmit(sk, ACK | PSH | (urg >= 0 ? URG : 0), data, urg);
            sk.wake(); // sk_write_space: room in the send buffer
        }
        if (!sk.writeQueue.isEmpty() && corked && sk.sndWnd > 0) {
            armCorkProbe(sk, CORK_PROBE_MILLIS);
        }
        if (sk.finQueued && sk.writeQueue.isEmpty() && !sk.finSent) {
            sk.finSent = true;
            transmit(sk, FIN | ACK);
        }
    }

    /** The probe timer: what corking held back goes out after delay. */
    static void armCorkProbe(TcpSock sk, long delay) {
        sk.net.journal().sock(sk);
        sk.corkTimer.cancel();
        sk.corkTimer = sk.net.timer(delay, "tcp_probe_timer", () -> {
            push(sk, true);
            sk.net.drain();
        });
    }

    /** tcp_send_fin: FIN now, or behind the data still queued. */
    static void sendFin(TcpSock sk) {
        sk.finQueued = true;
        push(sk, true);
    }

    /** tcp_send_active_reset. */
    static void sendActiveReset(TcpSock sk) {
        transmit(sk, RST | ACK);
    }

    /** tcp_v4_send_reset: the answer to a segment nobody wants (never to a reset). */
    static void sendReset(Net net, TcpSegment in) {
        if (in.has(RST)) {
            return;
        }
        Loopback.xmit(net, TcpSegment.control(in.daddr(), in.dport(), in.saddr(), in.sport(), RST | ACK, 0,
                in.has(FIN), 0));
    }

    /** A window update after the reader made room (tcp_cleanup_rbuf). */
    static void windowUpdate(TcpSock sk) {
        if (in(sk.state, f(TCP_ESTABLISHED) | f(TCP_FIN_WAIT1) | f(TCP_FIN_WAIT2))) {
            transmit(sk, ACK);
        }
    }
}
