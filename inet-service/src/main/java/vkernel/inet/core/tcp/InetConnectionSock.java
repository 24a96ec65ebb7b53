package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.SockCommon;
import vkernel.kernel.trace.Trace;

/**
 * net/ipv4/inet_connection_sock.c: who may hold a TCP port (inet_csk_get_port and its
 * conflict rules for SO_REUSEADDR, SO_REUSEPORT, wildcard addresses and TIME_WAIT),
 * autobind's port choice, and starting and stopping a listener.
 */
public final class InetConnectionSock {
    private InetConnectionSock() {}

    /** ipv4_rcv_saddr_equal: the same address, or a wildcard on a side that matches wildcards. */
    public static boolean rcvSaddrEqual(int a1, int a2, boolean matchWild1, boolean matchWild2) {
        if (a1 == a2) {
            return true;
        }
        return (matchWild1 && a1 == 0) || (matchWild2 && a2 == 0);
    }

    /** inet_bind_conflict: may these two share a port, as far as their flags go? */
    static boolean bindConflict(TcpSock sk, SockCommon sk2, boolean relax, boolean reuseportOk) {
        if (sk == sk2) {
            return false;
        }
        int dev2 = sk2.skcBoundDevIf();
        if (sk.boundDevIf != 0 && dev2 != 0 && sk.boundDevIf != dev2) {
            return false;
        }
        boolean sameUidOrTw = sk2.skcState() == TCP_TIME_WAIT || sk.uid == sk2.skcUid();
        if (sk.reuse && sk2.skcReuse() && sk2.skcState() != TCP_LISTEN) {
            return !relax || (!reuseportOk && sk.reuseport && sk2.skcReuseport() && sameUidOrTw);
        }
        return !reuseportOk || !sk.reuseport || !sk2.skcReuseport() || !sameUidOrTw;
    }

    /** inet_csk_bind_conflict: any owner of the port whose address overlaps and that conflicts. */
    static boolean cskBindConflict(TcpSock sk, InetBindBucket tb, boolean relax, boolean reuseportOk) {
        for (SockCommon sk2 : tb.owners) {
            if (bindConflict(sk, sk2, relax, reuseportOk)
                    && rcvSaddrEqual(sk.inetRcvSaddr, sk2.skcRcvSaddr(), true, true)) {
                return true;
            }
        }
        return false;
    }

    /** sk_reuseport_match: the bucket's fast path admits this SO_REUSEPORT sock. */
    static boolean reuseportMatch(InetBindBucket tb, TcpSock sk) {
        if (tb.fastreuseport <= 0 || !sk.reuseport || tb.fastuid != sk.uid) {
            return false;
        }
        if (tb.fastreuseport == InetBindBucket.FASTREUSEPORT_ANY) {
            return true;
        }
        return rcvSaddrEqual(tb.fastRcvSaddr, sk.inetRcvSaddr, true, false);
    }

    /** inet_csk_update_fastreuse. */
    static void updateFastreuse(InetBindBucket tb, TcpSock sk) {
        TcpTablesState.bucketChanged(sk.net, tb.port);
        boolean reuse = sk.reuse && sk.state != TCP_LISTEN;
        if (tb.owners.isEmpty()) {
            tb.fastreuse = reuse ? 1 : 0;
            if (sk.reuseport) {
                tb.fastreuseport = InetBindBucket.FASTREUSEPORT_ANY;
                tb.fastuid = sk.uid;
                tb.fastRcvSaddr = sk.inetRcvSaddr;
            } else {
                tb.fastreuseport = 0;
            }
        } else {
            if (!reuse) {
                tb.fastreuse = 0;
            }
            if (sk.reuseport) {
                if (!reuseportMatch(tb, sk)) {
                    tb.fastreuseport = InetBindBucket.FASTREUSEPORT_STRICT;
                    tb.fastuid = sk.uid;
                    tb.fastRcvSaddr = sk.inetRcvSaddr;
                }
            } else {
                tb.fastreuseport = 0;
            }
        }
    }

    /** inet_csk_get_port: bind to snum, or to a free port when snum is 0. EADDRINUSE when it cannot. */
    static Errno getPort(TcpSock sk, int snum) {
        InetHashinfo h = sk.net.tcpHashinfo();
        boolean reuse = sk.reuse && sk.state != TCP_LISTEN;
        int port = snum;
        InetBindBucket tb;
        if (port == 0) {
            int[] found = findOpenPort(sk);
            if (found == null) {
                return Errno.ERRNO_EADDRINUSE;
            }
            port = found[0];
            tb = h.bucket(port);
            if (tb == null) {
                tb = h.createBucket(port);
            }
        } else {
            tb = h.bucket(port);
            if (tb == null) {
                tb = h.createBucket(port);
            } else if (!tb.owners.isEmpty() && !(tb.fastreuse > 0 && reuse) && !reuseportMatch(tb, sk)
                    && cskBindConflict(sk, tb, true, true)) {
                return Errno.ERRNO_EADDRINUSE;
            }
        }
        updateFastreuse(tb, sk);
        if (h.bindBucketOf(sk) == null) {
            h.bindHash(sk, tb, port);
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /**
     * inet_csk_find_open_port: a random odd-offset port of the local range whose owners do
     * not conflict even without relaxing; SO_REUSEADDR socks try the lower half first.
     * Returns {port} or null.
     */
    private static int[] findOpenPort(TcpSock sk) {
        InetHashinfo h = sk.net.tcpHashinfo();
        int attemptHalf = sk.reuse ? 1 : 0;
        while (true) {
            int[] range = sk.net.localPortRange(sk);
            int low = range[0];
            int high = range[1] + 1;
            if (high - low < 4) {
                attemptHalf = 0;
            }
            if (attemptHalf != 0) {
                int half = low + (((high - low) >> 2) << 1);
                if (attemptHalf == 1) {
                    high = half;
                } else {
                    low = half;
                }
            }
            int remaining = high - low;
            if (remaining > 1) {
                remaining &= ~1;
            }
            int offset = sk.net.random(0, Math.max(0, remaining - 1)) | 1;
            for (int parity = 0; parity < 2; parity++) {
                int port = low + offset - parity;
                for (int i = 0; i < remaining; i += 2, port += 2) {
                    if (port >= high) {
                        port -= remaining;
                    }
                    InetBindBucket tb = h.bucket(port);
                    if (tb == null || !cskBindConflict(sk, tb, false, false)) {
                        return new int[] {port};
                    }
                }
            }
            if (attemptHalf == 1) {
                attemptHalf = 2;
                continue;
            }
            return null;
        }
    }

    /** inet_csk_listen_start: LISTEN, then the port checked again as a listener, then hashed. */
    /**
     * reqsk_queue_remove with sk_acceptq_removed: the first child of the accept queue,
     * taken off it and from its listener; null while the queue is empty.
     */
    public static TcpSock reqskQueueRemove(TcpSock sk) {
        TcpSock child = sk.acceptQueue.pollFirst();
        if (child == null) {
            return null;
        }
        sk.ackBacklog--;
        child.parent = null;
        return child;
    }

    public static Errno listenStart(TcpSock sk, Trace t) {
        sk.ackBacklog = 0;
        int old = sk.state;
        sk.state = TCP_LISTEN;
        Errno e = getPort(sk, sk.inetNum);
        if (e == Errno.ERRNO_UNSPECIFIED) {
            sk.inetSport = sk.inetNum;
            sk.net.tcpHashinfo().listenHash(sk);
            t.child("tcp_set_state").object("sock", sk.id).field("old", TcpStates.name(old))
                    .field("new", TcpStates.name(TCP_LISTEN)).end();
            return e;
        }
        sk.state = TCP_CLOSE;
        return e;
    }

    /** inet_csk_listen_stop: children not yet accepted are aborted (their peers get a reset). */
    static void listenStop(TcpSock sk) {
        TcpSock child;
        while ((child = sk.acceptQueue.pollFirst()) != null) {
            sk.ackBacklog--;
            child.parent = null;
            TcpClose.disconnect(child);
            child.dead = true;
            TcpClose.destroy(child);
        }
        InetHashinfo h = sk.net.tcpHashinfo();
        for (SockCommon s : new java.util.ArrayList<>(h.ehash.values())) {
            if (s instanceof RequestSock r && r.listener == sk) {
                h.ehashRemove(r);
            }
        }
    }
}
