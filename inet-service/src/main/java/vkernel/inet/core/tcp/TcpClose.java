package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.inet.core.InetSock;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.Sock;

/**
 * The closing half of net/ipv4/tcp.c: tcp_set_state (with its unhashing on CLOSE),
 * tcp_done, tcp_close, tcp_shutdown, tcp_disconnect, and the close state table
 * (tcp_close_state's new_state[]).
 */
final class TcpClose {
    private static final int TCP_ACTION_FIN = 1 << 7;
    private static final int STATE_MASK = 0xf;

    /** new_state[]: the state close() or shutdown(SHUT_WR) moves to, and whether a FIN is due. */
    private static final int[] NEW_STATE = new int[16];

    static {
        NEW_STATE[0] = TCP_CLOSE;
        NEW_STATE[TCP_ESTABLISHED] = TCP_FIN_WAIT1 | TCP_ACTION_FIN;
        NEW_STATE[TCP_SYN_SENT] = TCP_CLOSE;
        NEW_STATE[TCP_SYN_RECV] = TCP_FIN_WAIT1 | TCP_ACTION_FIN;
        NEW_STATE[TCP_FIN_WAIT1] = TCP_FIN_WAIT1;
        NEW_STATE[TCP_FIN_WAIT2] = TCP_FIN_WAIT2;
        NEW_STATE[TCP_TIME_WAIT] = TCP_CLOSE;
        NEW_STATE[TCP_CLOSE] = TCP_CLOSE;
        NEW_STATE[TCP_CLOSE_WAIT] = TCP_LAST_ACK | TCP_ACTION_FIN;
        NEW_STATE[TCP_LAST_ACK] = TCP_LAST_ACK;
        NEW_STATE[TCP_LISTEN] = TCP_CLOSE;
        NEW_STATE[TCP_CLOSING] = TCP_CLOSING;
        NEW_STATE[TCP_NEW_SYN_RECV] = TCP_CLOSE;
    }

    private TcpClose() {}

    /** The state close moves to from state (for tests and tcp_close_state). */
    static int closeNextState(int state) {
        return NEW_STATE[state] & STATE_MASK;
    }

    static boolean closeSendsFin(int state) {
        return (NEW_STATE[state] & TCP_ACTION_FIN) != 0;
    }

    /** tcp_set_state: on CLOSE the sock leaves the lookup tables and gives back a port it did not bind itself. */
    static void setState(TcpSock sk, int state) {
        sk.net.journal().sock(sk);
        int old = sk.state;
        if (state == TCP_CLOSE) {
            unhash(sk);
            if ((sk.userlocks & InetSock.SOCK_BINDPORT_LOCK) == 0) {
                sk.net.tcpHashinfo().putPort(sk);
            }
        }
        sk.state = state;
        sk.net.trace().child("tcp_set_state").object("sock", sk.id).field("old", TcpStates.name(old))
                .field("new", TcpStates.name(state)).end();
    }

    /** inet_unhash. */
    static void unhash(TcpSock sk) {
        InetHashinfo h = sk.net.tcpHashinfo();
        if (sk.state == TCP_LISTEN) {
            h.listenUnhash(sk);
        } else {
            h.ehashRemove(sk);
        }
    }

    /** tcp_close_state: move on and say whether to send a FIN. */
    static boolean closeState(TcpSock sk) {
        int next = NEW_STATE[sk.state];
        setState(sk, next & STATE_MASK);
        return (next & TCP_ACTION_FIN) != 0;
    }

    /** tcp_done: CLOSE, both directions shut; an orphan is destroyed. */
    static void done(TcpSock sk) {
        setState(sk, TCP_CLOSE);
        sk.cancelTimers();
        sk.shutdown = Sock.SHUTDOWN_MASK;
        if (!sk.dead) {
            sk.wake();
        } else {
            destroy(sk);
        }
    }

    /** inet_csk_destroy_sock: the last of a sock: out of every table, its port given back. */
    static void destroy(TcpSock sk) {
        sk.cancelTimers();
        unhash(sk);
        sk.net.tcpHashinfo().putPort(sk);
        sk.rcvQueue.clear();
        sk.writeQueue.clear();
    }

    /** tcp_shutdown: SHUT_WR sends a FIN from the states that have not sent one. */
    static void shutdown(TcpSock sk, int how) {
        if ((how & Sock.SEND_SHUTDOWN) == 0) {
            return;
        }
        if (in(sk.state, f(TCP_ESTABLISHED) | f(TCP_SYN_SENT) | f(TCP_CLOSE_WAIT))) {
            if (closeState(sk)) {
                TcpOutput.sendFin(sk);
            }
        }
    }

    /** __tcp_close: the user is done with the sock; it finishes its close as an orphan. */
    static void close(TcpSock sk) {
        Trace t = sk.net.trace().child("tcp_close").object("sock", sk.id).field("sk_state", TcpStates.name(sk.state));
        sk.shutdown = Sock.SHUTDOWN_MASK;
        if (sk.state == TCP_LISTEN) {
            setState(sk, TCP_CLOSE);
            InetConnectionSock.listenStop(sk);
        } else {
            boolean dataWasUnread = !sk.rcvQueue.isEmpty();
            sk.rcvQueue.clear();
            if (sk.state != TCP_CLOSE) {
                if (dataWasUnread) {
                    setState(sk, TCP_CLOSE);
                    TcpOutput.sendActiveReset(sk);
                } else if (sk.lingerZero()) {
                    disconnect(sk);
                } else if (closeState(sk)) {
                    TcpOutput.sendFin(sk);
                }
            }
        }
        sk.dead = true; // sock_orphan
        if (sk.state == TCP_FIN_WAIT2) {
            // our FIN was acknowledged before close(): wait for the peer's as a TIME_WAIT sock
            if (sk.linger2 < 0) {
                setState(sk, TCP_CLOSE);
                TcpOutput.sendActiveReset(sk);
            } else {
                TcpMinisocks.timeWait(sk, TCP_FIN_WAIT2, TcpInput.finTimeMillis(sk));
                t.end();
                return;
            }
        }
        if (sk.state == TCP_CLOSE) {
            destroy(sk);
        }
        t.end();
    }

    /** tcp_disconnect: abort to CLOSE, resetting the peer where a connection exists. */
    static void disconnect(TcpSock sk) {
        int old = sk.state;
        if (old != TCP_CLOSE) {
            setState(sk, TCP_CLOSE);
        }
        if (old == TCP_LISTEN) {
            InetConnectionSock.listenStop(sk);
        } else if (TcpStates.needReset(old)) {
            TcpOutput.sendActiveReset(sk);
            sk.err = 104; // ECONNRESET
        } else if (!sk.writeQueue.isEmpty() && in(old, f(TCP_CLOSING) | f(TCP_LAST_ACK))) {
            TcpOutput.sendActiveReset(sk);
            sk.err = 104;
        } else if (old == TCP_SYN_SENT) {
            sk.err = 104;
        }
        sk.cancelTimers();
        sk.rcvQueue.clear();
        sk.rcvFin = false;
        sk.finRcvd = false;
        sk.copiedSeq = sk.rcvNxt;
        sk.urgData = 0;
        sk.writeQueue.clear();
        sk.finQueued = false;
        sk.finSent = false;
        sk.finAcked = false;
        sk.ackPending = false;
        sk.pingpong = false;
        sk.inetDport = 0;
        sk.dstCached = false;
        TcpIpv4.resetSaddr(sk);
        sk.shutdown = 0;
        sk.done = false;
        sk.userMss = 0; // rx_opt is cleared
        sk.bytesSent = 0;
        sk.bytesReceived = 0;
        sk.bytesAcked = 0;
        sk.segsIn = 0;
        sk.segsOut = 0;
        sk.dataSegsIn = 0;
        sk.dataSegsOut = 0;
        sk.wake(); // icsk_retransmits survives, as tcp_disconnect leaves it
    }
}
