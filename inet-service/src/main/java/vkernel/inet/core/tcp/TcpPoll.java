package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;
import static vkernel.uapi.Poll.*;

import vkernel.net.core.Sock;

/** tcp_poll and inet_csk_listen_poll (net/ipv4/tcp.c): the event mask of a TCP sock. */
final class TcpPoll {
    private TcpPoll() {}

    static int poll(TcpSock sk) {
        int state = sk.state;
        if (state == TCP_LISTEN) {
            return sk.acceptQueue.isEmpty() ? 0 : POLLIN | POLLRDNORM;
        }
        int mask = 0;
        int shutdown = sk.shutdown;
        if (shutdown == Sock.SHUTDOWN_MASK || state == TCP_CLOSE) {
            mask |= POLLHUP;
        }
        if ((shutdown & Sock.RCV_SHUTDOWN) != 0) {
            mask |= POLLIN | POLLRDNORM | POLLRDHUP;
        }
        if (state != TCP_SYN_SENT && state != TCP_SYN_RECV) {
            int target = Math.max(1, sk.rcvlowat);
            if (sk.urgData != 0 && sk.urgSeq == sk.copiedSeq && !sk.oobinline) {
                target++;
            }
            if (epollinReady(sk, target)) {
                mask |= POLLIN | POLLRDNORM;
            }
            if ((shutdown & Sock.SEND_SHUTDOWN) == 0) {
                if (sk.streamWriteable()) {
                    mask |= POLLOUT | POLLWRNORM;
                }
            } else {
                mask |= POLLOUT | POLLWRNORM;
            }
            if ((sk.urgData & TcpSock.TCP_URG_VALID) != 0) {
                mask |= POLLPRI;
            }
        }
        if (sk.err != 0 || !sk.errorQueue.isEmpty()) {
            mask |= POLLERR;
        }
        return mask;
    }

    /** tcp_epollin_ready: the bytes waiting (the FIN counts as one) reach the target. */
    static boolean epollinReady(TcpSock sk, int target) {
        long avail = sk.rcvNxt - sk.copiedSeq + (sk.rcvFin ? 1 : 0);
        if (avail <= 0) {
            return false;
        }
        return avail >= target || sk.receiveWindow() <= sk.mssCache;
    }
}
