package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import java.io.ByteArrayOutputStream;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.IovLen;
import vkernel.inet.core.Results;
import vkernel.net.core.Sock;
import vkernel.uapi.Socket;

/**
 * tcp_recvmsg_locked (net/ipv4/tcp.c): copy from the receive queue up to len, stopping
 * at the urgent mark, at the FIN, or once the target (SO_RCVLOWAT, or len with
 * MSG_WAITALL) is met; with nothing copied, the end of stream, the pending error,
 * shutdown, ENOTCONN or EAGAIN, in the kernel's order. MSG_PEEK reads without
 * consuming, MSG_TRUNC consumes without copying, MSG_OOB reads the urgent byte.
 */
public final class TcpRecvmsg {
    private TcpRecvmsg() {}

    /** One receive in progress, kept across the attempts of a sleeping call. */
    public static final class Call {
        final int flags;
        final int target;
        int len;
        int copied;
        long peekSeq = -1;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** len: the caller's buffer as import_ubuf left it, 0..MAX_RW_COUNT. */
        public Call(IovLen len, int flags, int rcvlowat) {
            this.flags = flags;
            this.len = len.count();
            int v = (flags & Socket.MSG_WAITALL) != 0 ? this.len : Math.min(rcvlowat, this.len);
            this.target = v == 0 ? 1 : v;
        }

        /** The bytes copied so far by this call. */
        public int copied() {
            return copied;
        }

        boolean peek() {
            return (flags & Socket.MSG_PEEK) != 0;
        }
    }

    /** One attempt; null when it must sleep. */
    public static Results.Recv attempt(TcpSock sk, Call c, boolean mayBlock) {
        if (sk.state == TCP_LISTEN) {
            return Results.Recv.error(Errno.ERRNO_ENOTCONN);
        }
        if ((c.flags & Socket.MSG_ERRQUEUE) != 0) {
            return Results.Recv.error(Errno.ERRNO_EAGAIN); // ip_recv_error: nothing queued
        }
        if ((c.flags & Socket.MSG_OOB) != 0) {
            return recvUrg(sk, c);
        }
        boolean peek = c.peek();
        if (peek && c.peekSeq < 0) {
            c.peekSeq = sk.copiedSeq;
        }
        do {
            long seq = peek ? c.peekSeq : sk.copiedSeq;
            if (sk.urgData != 0 && sk.urgSeq == seq && c.copied > 0) {
                break; // stop at the urgent mark once something was read
            }
            long avail = sk.rcvNxt - seq;
            if (avail > 0) {
                int used = (int) Math.min(avail, c.len);
                int skip = 0;
                if (sk.urgData != 0) {
                    long urgOffset = sk.urgSeq - seq;
                    if (urgOffset >= 0 && urgOffset < used) {
                        if (urgOffset == 0) {
                            if (!sk.oobinline) {
                                skip = 1; // the urgent byte is out of band
                                used--;
                            }
                        } else {
                            used = (int) urgOffset;
                        }
                    }
                }
                if ((c.flags & Socket.MSG_TRUNC) == 0 && used > 0) {
                    c.out.writeBytes(sk.rcvQueue.peek((int) (seq + skip - sk.copiedSeq), used));
                }
                advance(sk, c, skip + used);
                c.copied += used;
                c.len -= used;
                if (sk.urgData != 0 && sk.copiedSeq > sk.urgSeq) {
                    sk.urgData = 0;
                }
                if (used == 0 && skip == 0) {
                    break;
                }
                continue;
            }
            if (sk.rcvFin && seq == sk.rcvNxt) {
                if (!peek) {
                    sk.rcvFin = false; // found_fin_ok: the FIN is read
                }
                break;
            }
            if (c.copied >= c.target) {
                break;
            }
            if (c.copied > 0) {
                if (!mayBlock || sk.err != 0 || sk.state == TCP_CLOSE || (sk.shutdown & Sock.RCV_SHUTDOWN) != 0) {
                    break;
                }
            } else {
                if (sk.done) {
                    break;
                }
                if (sk.err != 0) {
                    return Results.Recv.error(Results.errno(sk.sockError()));
                }
                if ((sk.shutdown & Sock.RCV_SHUTDOWN) != 0) {
                    break;
                }
                if (sk.state == TCP_CLOSE) {
                    return Results.Recv.error(Errno.ERRNO_ENOTCONN); // never connected
                }
                if (!mayBlock) {
                    return Results.Recv.error(Errno.ERRNO_EAGAIN);
                }
            }
            cleanupRbuf(sk, c.copied);
            return null;
        } while (c.len > 0);
        cleanupRbuf(sk, c.copied);
        return Results.Recv.ok(c.copied, c.out.toByteArray(), Results.NONE, 0);
    }

    private static void advance(TcpSock sk, Call c, int n) {
        if (n <= 0) {
            return; // the stream never moves back: a negative n once rewound copied_seq past the queue
        }
        if (c.peek()) {
            c.peekSeq += n;
        } else {
            sk.rcvQueue.consume(n);
            sk.copiedSeq += n;
        }
    }

    /**
     * tcp_cleanup_rbuf: after reading, tell the sender the window opened once what it
     * may still send (the window last advertised, less what arrived since) has fallen
     * to half the clamp and the window now is at least twice that. Measured against the
     * advertised window, not the queue before this read: a reader that keeps up never
     * sees a queue half full, and its sender must still hear that the window moved on.
     */
    private static void cleanupRbuf(TcpSock sk, int copied) {
        if (copied <= 0 || (sk.shutdown & Sock.RCV_SHUTDOWN) != 0) {
            return;
        }
        int left = sk.advertisedWindowLeft();
        if (2L * left <= sk.windowClamp()) {
            int now = sk.receiveWindow();
            if (now > 0 && now >= 2L * left) {
                TcpOutput.windowUpdate(sk);
            }
        }
    }

    /** tcp_recv_urg: the urgent byte once, never blocking. */
    private static Results.Recv recvUrg(TcpSock sk, Call c) {
        if (sk.oobinline || sk.urgData == 0 || sk.urgData == TcpSock.TCP_URG_READ) {
            return Results.Recv.error(Errno.ERRNO_EINVAL);
        }
        if (sk.state == TCP_CLOSE && !sk.done) {
            return Results.Recv.error(Errno.ERRNO_ENOTCONN);
        }
        if ((sk.urgData & TcpSock.TCP_URG_VALID) != 0) {
            byte b = (byte) sk.urgData;
            if (!c.peek()) {
                sk.urgData = TcpSock.TCP_URG_READ;
            }
            if (c.len > 0) {
                byte[] data = (c.flags & Socket.MSG_TRUNC) == 0 ? new byte[] {b} : Results.NONE;
                return Results.Recv.ok(1, data, Results.NONE, Socket.MSG_OOB);
            }
            return Results.Recv.ok(0, Results.NONE, Results.NONE, Socket.MSG_OOB | Socket.MSG_TRUNC);
        }
        if (sk.state == TCP_CLOSE || (sk.shutdown & Sock.RCV_SHUTDOWN) != 0) {
            return Results.Recv.ok(0, Results.NONE, Results.NONE, 0);
        }
        return Results.Recv.error(Errno.ERRNO_EAGAIN);
    }

    /** A signal: what was read, else EINTR. */
    public static Results.Recv interrupted(Call c) {
        if (c.copied > 0) {
            return Results.Recv.ok(c.copied, c.out.toByteArray(), Results.NONE, 0);
        }
        return Results.Recv.error(Errno.ERRNO_EINTR);
    }
}
