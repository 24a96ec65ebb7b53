package vkernel.inet.core;

import vkernel.errno.v1.Errno;
import vkernel.net.v1.SocketState;

/** What the family's calls answer: a value or an errno, as the proto_ops contract carries them. */
public final class Results {
    private Results() {}

    public static final byte[] NONE = new byte[0];

    public record Create(Errno errno, long sock, SocketState state) {}

    public record Connect(Errno errno, SocketState state) {}

    public record Accept(Errno errno, long newSock, byte[] addr, SocketState state) {
        public static Accept error(Errno e) {
            return new Accept(e, 0, NONE, SocketState.SOCKET_STATE_UNSPECIFIED);
        }
    }

    public record Getname(Errno errno, byte[] addr) {}

    public record Shutdown(Errno errno, SocketState state) {}

    /** sendmsg: bytes sent, or -1 and the errno. */
    public record Send(long ret, Errno errno) {
        public static Send ok(long n) {
            return new Send(n, Errno.ERRNO_UNSPECIFIED);
        }

        public static Send error(Errno e) {
            return new Send(-1, e);
        }
    }

    /** recvmsg: the return value (the real length with MSG_TRUNC), the bytes copied, the source, msg_flags. */
    public record Recv(long ret, Errno errno, byte[] data, byte[] addr, int msgFlags) {
        public static Recv ok(long n, byte[] data, byte[] addr, int msgFlags) {
            return new Recv(n, Errno.ERRNO_UNSPECIFIED, data, addr, msgFlags);
        }

        public static Recv error(Errno e) {
            return new Recv(-1, e, NONE, NONE, 0);
        }
    }

    /** An errno from a positive number (sk_err). */
    public static Errno errno(int number) {
        Errno e = Errno.forNumber(number);
        return e == null ? Errno.ERRNO_EIO : e;
    }
}
