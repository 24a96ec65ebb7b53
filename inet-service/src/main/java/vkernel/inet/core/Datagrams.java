package vkernel.inet.core;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;
import vkernel.errno.v1.Errno;
import vkernel.net.core.Sock;
import vkernel.uapi.Socket;
import vkernel.uapi.Sockios;

/**
 * net/core/datagram.c as UDP and raw socks use it (__skb_recv_udp, __skb_wait_for_more_packets):
 * the pending error first, then the first datagram (truncated to len, MSG_PEEK leaving
 * it queued), else EAGAIN, or 0 once reception was shut down; and ip_recv_error for MSG_ERRQUEUE.
 */
public final class Datagrams {
    private Datagrams() {}

    /** One receive attempt; null when it must sleep. */
    public static Results.Recv recv(InetSock sk, ArrayDeque<Datagram> queue, int len, int flags, boolean mayBlock,
            Consumer<Datagram> dequeued) {
        if ((flags & Socket.MSG_ERRQUEUE) != 0) {
            return recvError(sk, len);
        }
        int err = sk.sockError();
        if (err != 0) {
            return Results.Recv.error(Results.errno(err));
        }
        Datagram d = queue.peekFirst();
        if (d != null) {
            int ulen = d.data().length;
            int copied = Math.min(len, ulen); // allocates by what is queued, never by len
            int msgFlags = copied < ulen ? Socket.MSG_TRUNC : 0;
            byte[] data = Arrays.copyOf(d.data(), copied);
            long ret = (flags & Socket.MSG_TRUNC) != 0 ? ulen : copied;
            if ((flags & Socket.MSG_PEEK) == 0) {
                queue.removeFirst();
                dequeued.accept(d);
            }
            return Results.Recv.ok(ret, data, Addr.sockaddr(d.saddr(), d.sport()), msgFlags);
        }
        if (!mayBlock) {
            return Results.Recv.error(Errno.ERRNO_EAGAIN);
        }
        if ((sk.shutdown & Sock.RCV_SHUTDOWN) != 0) {
            return Results.Recv.ok(0, Results.NONE, Results.NONE, 0);
        }
        return null;
    }

    /** ip_recv_error: the oldest queued error, its offender's address, MSG_ERRQUEUE; EAGAIN when none. */
    static Results.Recv recvError(InetSock sk, int len) {
        Datagram d = sk.errorQueue.pollFirst();
        if (d == null) {
            return Results.Recv.error(Errno.ERRNO_EAGAIN);
        }
        Datagram next = sk.errorQueue.peekFirst();
        sk.err = next == null ? 0 : next.eeErrno();
        int copied = Math.min(len, d.data().length);
        int msgFlags = Socket.MSG_ERRQUEUE | (copied < d.data().length ? Socket.MSG_TRUNC : 0);
        return Results.Recv.ok(copied, Arrays.copyOf(d.data(), copied), Addr.sockaddr(d.saddr(), d.sport()), msgFlags);
    }

    static Results.Recv interrupted() {
        return Results.Recv.error(Errno.ERRNO_EINTR);
    }

    /**
     * udp_ioctl and raw_ioctl: SIOCINQ is the first queued datagram's length as recvmsg would
     * return it (a raw packet's IP header included), SIOCOUTQ what the sock's sent skbs still
     * hold (sk_wmem_alloc): none here, a datagram is delivered by the send that makes it.
     */
    public static SkIoctl ioctl(ArrayDeque<Datagram> receiveQueue, int cmd) {
        return switch (cmd) {
            case Sockios.SIOCOUTQ -> SkIoctl.of(0);
            case Sockios.SIOCINQ -> {
                Datagram first = receiveQueue.peekFirst();
                yield SkIoctl.of(first == null ? 0 : first.data().length);
            }
            default -> SkIoctl.UNKNOWN;
        };
    }
}
