package vkernel.socket.core;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Socket;

/**
 * The checks __sys_socket and __sock_create make on their arguments before any object
 * exists, in the kernel's order; a value of this type has passed them.
 */
public record SocketArgs(int family, int type, int protocol, boolean nonblock, boolean cloexec) {
    /** Either the checked arguments or the errno the kernel gives. */
    public record Checked(SocketArgs args, Errno errno) {}

    public static Checked check(int domain, int typeWithFlags, int protocol) {
        int flags = typeWithFlags & ~Socket.SOCK_TYPE_MASK;
        if ((flags & ~(Socket.SOCK_CLOEXEC | Socket.SOCK_NONBLOCK)) != 0) {
            return new Checked(null, Errno.ERRNO_EINVAL);
        }
        int type = typeWithFlags & Socket.SOCK_TYPE_MASK;
        if (domain < 0 || domain >= Socket.AF_MAX) {
            return new Checked(null, Errno.ERRNO_EAFNOSUPPORT);
        }
        if (type >= Socket.SOCK_MAX) {
            return new Checked(null, Errno.ERRNO_EINVAL);
        }
        int family = domain;
        if (family == Socket.PF_INET && type == Socket.SOCK_PACKET) {
            family = Socket.AF_PACKET; // the kernel's compatibility rewrite
        }
        return new Checked(new SocketArgs(family, type, protocol,
                (flags & Socket.SOCK_NONBLOCK) != 0, (flags & Socket.SOCK_CLOEXEC) != 0), Errno.ERRNO_UNSPECIFIED);
    }

    /** The f_flags of the socket's file: O_RDWR, plus O_NONBLOCK from SOCK_NONBLOCK. */
    public int fileFlags() {
        return Fcntl.O_RDWR | (nonblock ? Fcntl.O_NONBLOCK : 0);
    }
}
