package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.Results;
import vkernel.net.core.Sock;
import vkernel.uapi.Socket;

/**
 * tcp_sendmsg_locked (net/ipv4/tcp.c): wait for the connection (sk_stream_wait_connect),
 * copy into the send buffer while it has room (sk_stream_wait_memory), push. Bytes
 * already taken are what a later error or signal returns; with none, the error is
 * EPIPE unless the sock holds a pending one (sk_stream_error).
 */
public final class TcpSendmsg {
    private TcpSendmsg() {}

    /** One send in progress, kept across the attempts of a sleeping call. */
    public static final class Call {
        final byte[] data;
        final int flags;
        int copied;

        public Call(byte[] data, int flags) {
            this.data = data;
            this.flags = flags;
        }

        /** The bytes sent so far by this call. */
        public int copied() {
            return copied;
        }
    }

    /** One attempt; null when it must sleep. */
    public static Results.Send attempt(TcpSock sk, Call c, boolean mayBlock) {
        if (!in(sk.state, f(TCP_ESTABLISHED) | f(TCP_CLOSE_WAIT))) {
            // sk_stream_wait_connect
            int err = sk.sockError();
            if (err != 0) {
                return doError(sk, c, Results.errno(err));
            }
            if (!in(sk.state, f(TCP_SYN_SENT) | f(TCP_SYN_RECV))) {
                return doError(sk, c, Errno.ERRNO_EPIPE);
            }
            if (!mayBlock) {
                return doError(sk, c, Errno.ERRNO_EAGAIN);
            }
            return null;
        }
        if (sk.err != 0 || (sk.shutdown & Sock.SEND_SHUTDOWN) != 0) {
            return doError(sk, c, Errno.ERRNO_EPIPE);
        }
        sk.corkedByMore = (c.flags & Socket.MSG_MORE) != 0;
        if ((c.flags & Socket.MSG_OOB) != 0 && c.data.length > 0 && c.copied == 0) {
            sk.sndUp = sk.writeSeq + c.data.length; // tcp_mark_urg: the last byte is urgent
        }
        while (c.copied < c.data.length) {
            if (!sk.streamMemoryFree()) {
                if (c.copied > 0) {
                    TcpOutput.push(sk);
                }
                if (sk.err != 0 || (sk.shutdown & Sock.SEND_SHUTDOWN) != 0) {
                    return doError(sk, c, Errno.ERRNO_EPIPE);
                }
                if (!mayBlock) {
                    return doError(sk, c, Errno.ERRNO_EAGAIN);
                }
                return null;
            }
            int room = sk.sndCapacity() - sk.wmemQueued();
            int n = Math.min(room, c.data.length - c.copied);
            sk.writeQueue.append(c.data, c.copied, n);
            sk.writeSeq += n;
            c.copied += n;
            TcpOutput.push(sk);
        }
        TcpOutput.push(sk);
        return Results.Send.ok(c.copied);
    }

    /** do_error: bytes taken win over the error; sk_stream_error turns EPIPE into a pending error. */
    private static Results.Send doError(TcpSock sk, Call c, Errno err) {
        if (c.copied > 0) {
            TcpOutput.push(sk);
            return Results.Send.ok(c.copied);
        }
        if (err == Errno.ERRNO_EPIPE) {
            int pending = sk.sockError();
            if (pending != 0) {
                err = Results.errno(pending);
            }
        }
        return Results.Send.error(err);
    }

    /** A signal: what was taken, else EINTR. */
    public static Results.Send interrupted(Call c) {
        return c.copied > 0 ? Results.Send.ok(c.copied) : Results.Send.error(Errno.ERRNO_EINTR);
    }
}
