package vkernel.inet.core.tcp;

import java.util.ArrayDeque;
import vkernel.inet.core.Net;
import vkernel.uapi.Rtnetlink;

/**
 * drivers/net/loopback.c with the receive backlog it feeds (netif_rx, process_backlog):
 * a TCP segment sent in a namespace waits here until the sender has finished its step,
 * then every queued segment is handed to tcp_v4_rcv in order. Processing may queue more
 * (an answer to a SYN); the drain goes on until nothing is left.
 */
public final class Loopback {
    private final ArrayDeque<TcpSegment> backlog = new ArrayDeque<>();
    private boolean draining;

    /**
     * Sends a segment out of lo. Only a destination this namespace owns gets it back;
     * one a route merely points at lo (say, 10.1.0.5 via dev lo) is lost, as on Linux.
     */
    static void xmit(Net net, TcpSegment seg) {
        if (net.fib().inetAddrType(seg.daddr()) != Rtnetlink.RTN_LOCAL) {
            return;
        }
        net.loopback().backlog.addLast(seg);
    }

    /** process_backlog; the caller holds the namespace lock. */
    public void drain(Net net) {
        if (draining) {
            return;
        }
        draining = true;
        try {
            TcpSegment seg;
            while ((seg = backlog.pollFirst()) != null) {
                TcpIpv4.rcv(net, seg);
            }
        } finally {
            draining = false;
        }
    }

    boolean isEmpty() {
        return backlog.isEmpty();
    }
}
