package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpSegment.*;
import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.inet.core.Net;

/**
 * net/ipv4/tcp_minisocks.c: TIME_WAIT. tcp_time_wait turns a closing sock into a
 * TIME_WAIT sock that keeps its port and 4-tuple until the timer expires;
 * tcp_timewait_state_process answers what still arrives for it.
 */
public final class TcpMinisocks {
    /** TCP_TIMEWAIT_LEN. */
    public static final long TIMEWAIT_LEN_MILLIS = 60_000;

    private TcpMinisocks() {}

    /** tcp_time_wait: the TIME_WAIT sock takes the sock's place, then the sock is done. */
    static void timeWait(TcpSock sk, int substate, long timeoMillis) {
        Net net = sk.net;
        InetTimewaitSock tw = new InetTimewaitSock(sk, substate);
        InetHashinfo h = net.tcpHashinfo();
        h.twBind(tw, sk);
        h.ehashRemove(sk);
        h.ehashAdd(tw);
        long tmo = substate == TCP_TIME_WAIT ? TIMEWAIT_LEN_MILLIS : timeoMillis;
        schedule(tw, tmo);
        net.trace().child("tcp_time_wait").object("sock", sk.id).field("tw_substate", TcpStates.name(substate)).end();
        TcpClose.done(sk);
    }

    static void schedule(InetTimewaitSock tw, long tmo) {
        TcpTablesState.changed(tw.net, tw);
        tw.timer.cancel();
        tw.timer = tw.net.timer(tmo, "tw_timer_handler", () -> kill(tw));
    }

    /** inet_twsk_kill: the port and the 4-tuple are free again. */
    static void kill(InetTimewaitSock tw) {
        tw.timer.cancel();
        tw.net.tcpHashinfo().ehashRemove(tw);
        tw.net.tcpHashinfo().twUnbind(tw);
    }

    /**
     * tcp_timewait_state_process; true when the segment is dealt with, false for a SYN
     * that may open a new connection on the same 4-tuple (TCP_TW_SYN).
     */
    static boolean timewaitStateProcess(InetTimewaitSock tw, TcpSegment seg) {
        Net net = tw.net;
        if (seg.has(RST)) {
            kill(tw); // TIME_WAIT assassination (net.ipv4.tcp_rfc1337 = 0)
            return true;
        }
        if (tw.substate == TCP_FIN_WAIT2) {
            if (seg.has(SYN)) {
                TcpOutput.sendReset(net, seg);
                kill(tw);
                return true;
            }
            if (!seg.has(ACK) || (seg.data().length == 0 && !seg.has(FIN))) {
                return true;
            }
            if (!seg.has(FIN) || seg.data().length > 0) {
                TcpOutput.sendReset(net, seg); // new data after a half-duplex close
                kill(tw);
                return true;
            }
            tw.substate = TCP_TIME_WAIT;
            schedule(tw, TIMEWAIT_LEN_MILLIS);
            ack(net, tw, seg);
            return true;
        }
        if (seg.has(SYN) && !seg.has(ACK)) {
            kill(tw);
            return false;
        }
        if (seg.has(FIN) || seg.data().length > 0) {
            ack(net, tw, seg); // a retransmission: ACK it again
        }
        return true;
    }

    /** tcp_v4_timewait_ack. */
    private static void ack(Net net, InetTimewaitSock tw, TcpSegment in) {
        Loopback.xmit(net, TcpSegment.control(in.daddr(), in.dport(), in.saddr(), in.sport(), ACK, 0, true, 0));
    }
}
