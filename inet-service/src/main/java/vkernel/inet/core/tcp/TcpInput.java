package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpSegment.*;
import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.net.core.Sock;
import vkernel.net.core.Sysctl;

/**
 * net/ipv4/tcp_input.c: a segment arriving at a sock: tcp_rcv_synsent_state_process,
 * tcp_rcv_state_process (ACK of our FIN moving FIN_WAIT1, CLOSING, LAST_ACK on), data
 * into the receive queue (tcp_data_queue), tcp_fin and tcp_reset.
 */
final class TcpInput {
    /** What tcp_sndbuf_expand gives a connection over lo (per-MSS memory × 2 × initial segments), as measured. */
    static final int LO_SNDMEM = 3939840;
    /** tcp_select_initial_window's clamp on lo. */
    static final int LO_WINDOW_CLAMP = 65536;
    /** The window of a SYN-ACK over lo (one MSS, unscaled): the largest an active opener has seen. */
    static final int LO_SYNACK_WINDOW = 65483;

    private TcpInput() {}

    /** tcp_rcv_state_process; true when the caller must answer with a reset. */
    static boolean rcvStateProcess(TcpSock sk, TcpSegment seg) {
        switch (sk.state) {
            case TCP_CLOSE, TCP_LISTEN -> {
                return !seg.has(RST);
            }
            case TCP_SYN_SENT -> {
                return synSentStateProcess(sk, seg);
            }
            default -> { }
        }
        if (seg.has(RST)) {
            reset(sk);
            return false;
        }
        if (seg.has(SYN) && sk.state != TCP_SYN_RECV) {
            return false; // a SYN in a synchronized state gets a challenge ACK, nothing more
        }
        if (!seg.has(ACK)) {
            return false;
        }
        if (sk.state == TCP_SYN_RECV) {
            sk.retransmitTimer.cancel();
            established(sk, seg);
            sk.wake();
        }
        sk.sndWnd = seg.window();
        if (seg.ackFin() && sk.finSent && !sk.finAcked) {
            sk.finAcked = true;
            switch (sk.state) {
                case TCP_FIN_WAIT1 -> {
                    TcpClose.setState(sk, TCP_FIN_WAIT2);
                    sk.shutdown |= Sock.SEND_SHUTDOWN;
                    if (!sk.dead) {
                        sk.wake();
                    } else {
                        if (sk.linger2 < 0) {
                            TcpClose.done(sk);
                            return true;
                        }
                        if (seg.data().length > 0) {
                            TcpClose.done(sk); // data after close(): abort
                            return true;
                        }
                        if (!seg.has(FIN)) {
                            TcpMinisocks.timeWait(sk, TCP_FIN_WAIT2, finTimeMillis(sk));
                            return false;
                        }
                    }
                }
                case TCP_CLOSING -> {
                    TcpMinisocks.timeWait(sk, TCP_TIME_WAIT, 0);
                    return false;
                }
                case TCP_LAST_ACK -> {
                    TcpClose.done(sk);
                    return false;
                }
                default -> { }
            }
        }
        TcpOutput.push(sk); // the window may have opened
        if (seg.data().length > 0) {
            if (in(sk.state, f(TCP_FIN_WAIT1) | f(TCP_FIN_WAIT2)) && (sk.shutdown & Sock.RCV_SHUTDOWN) != 0) {
                reset(sk); // new data after the reader is gone
                return true;
            }
            if (in(sk.state, f(TCP_CLOSE_WAIT) | f(TCP_CLOSING) | f(TCP_LAST_ACK))) {
                return false; // past the peer's FIN
            }
            dataQueue(sk, seg);
        }
        if (seg.has(FIN)) {
            fin(sk);
        }
        return false;
    }

    /** tcp_rcv_synsent_state_process. */
    private static boolean synSentStateProcess(TcpSock sk, TcpSegment seg) {
        if (seg.has(ACK)) {
            if (seg.has(RST)) {
                reset(sk);
                return false;
            }
            if (!seg.has(SYN)) {
                return true;
            }
            TcpIpv4.finishConnect(sk, seg);
            sk.sndWnd = seg.window();
            established(sk, seg);
            sk.wake();
            TcpOutput.sendAck(sk);
            TcpOutput.push(sk);
            return false;
        }
        if (seg.has(RST)) {
            return false;
        }
        if (seg.has(SYN)) {
            // simultaneous open (or a connect to itself)
            sk.peerMss = seg.mss();
            sk.sndWnd = seg.window();
            TcpClose.setState(sk, TCP_SYN_RECV);
            TcpOutput.sendSynack(sk);
        }
        return false;
    }

    /** tcp_finish_connect / the SYN_RECV → ESTABLISHED step: buffers and MSS of a live connection. */
    private static void established(TcpSock sk, TcpSegment seg) {
        TcpClose.setState(sk, TCP_ESTABLISHED);
        if ((sk.userlocks & Sock.SOCK_SNDBUF_LOCK) == 0 && sk.sndbuf < LO_SNDMEM) {
            sk.sndbuf = Math.min(LO_SNDMEM, Sysctl.TCP_WMEM[2]);
        }
        if (sk.windowClamp == 0) {
            sk.windowClamp = LO_WINDOW_CLAMP;
        }
        // tcp_sync_mss: the peer's MSS less the timestamp option, at most half the largest window seen
        int clamp = sk.peerMss != 0 ? sk.peerMss : TcpSock.TCP_MSS_DEFAULT;
        if (sk.userMss != 0) {
            clamp = Math.min(clamp, sk.userMss);
        }
        int mss = clamp - 12;
        int maxWindow = sk.passive ? LO_WINDOW_CLAMP : LO_SYNACK_WINDOW;
        sk.mssCache = Math.min(mss, maxWindow / 2);
    }

    /** tcp_urg and tcp_data_queue: in-order data joins the receive queue and wakes the reader. */
    private static void dataQueue(TcpSock sk, TcpSegment seg) {
        byte[] data = seg.data();
        if (seg.has(URG) && seg.urg() >= 0 && seg.urg() < data.length) {
            long urgSeq = sk.rcvNxt + seg.urg();
            if (sk.urgData == 0 || urgSeq > sk.urgSeq) {
                sk.urgSeq = urgSeq;
                sk.urgData = TcpSock.TCP_URG_VALID | (data[seg.urg()] & 0xff);
            }
        }
        sk.rcvQueue.append(data);
        sk.rcvNxt += data.length;
        sk.bytesReceived += data.length;
        sk.dataSegsIn++;
        sk.lastDataRecvMillis = System.currentTimeMillis();
        sk.wake();
    }

    /** tcp_fin. */
    static void fin(TcpSock sk) {
        sk.rcvFin = true;
        sk.finRcvd = true;
        sk.shutdown |= Sock.RCV_SHUTDOWN;
        sk.done = true;
        switch (sk.state) {
            case TCP_SYN_RECV, TCP_ESTABLISHED -> {
                TcpClose.setState(sk, TCP_CLOSE_WAIT);
                sk.pingpong = true;
                TcpOutput.sendDelayedAck(sk); // pingpong: the ACK waits to ride on an answer
            }
            case TCP_FIN_WAIT1 -> {
                TcpOutput.sendAck(sk);
                TcpClose.setState(sk, TCP_CLOSING);
            }
            case TCP_FIN_WAIT2 -> {
                TcpOutput.sendAck(sk);
                TcpMinisocks.timeWait(sk, TCP_TIME_WAIT, 0);
            }
            default -> { }
        }
        if (!sk.dead) {
            sk.wake();
        }
    }

    /** tcp_reset: the error as BSD sees it, then tcp_done. */
    static void reset(TcpSock sk) {
        int err;
        switch (sk.state) {
            case TCP_SYN_SENT -> err = 111; // ECONNREFUSED
            case TCP_CLOSE_WAIT -> err = 32; // EPIPE
            case TCP_CLOSE -> {
                return;
            }
            default -> err = 104; // ECONNRESET
        }
        sk.net.trace().child("tcp_reset").object("sock", sk.id).field("sk_err", err).end();
        sk.writeQueue.clear();
        sk.err = err;
        TcpClose.done(sk);
    }

    /** tcp_fin_time: how long an orphan waits in FIN_WAIT2 (TCP_LINGER2, else tcp_fin_timeout). */
    static long finTimeMillis(TcpSock sk) {
        long secs = sk.linger2 > 0 ? sk.linger2 / Sysctl.HZ : sk.net.tcpFinTimeoutSecs();
        return secs * 1000;
    }
}
