package vkernel.socket.core;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.SocketState;

/**
 * One family's pf->create and proto_ops (inet_stream_ops, netlink_ops ...) as
 * socket-service calls them, on the sock the family's handle names: the family contract
 * of the service registered in net_families[]. Each call runs within the step given; an
 * answer carries the family's errno, a failed future a {@link LayerFailure}. Calls must not
 * block; release runs even when the caller is gone.
 */
public interface FamilyOps {
    /** pf->create (inet_create, netlink_create) on the inode sock_alloc made. */
    CompletableFuture<Created> create(Cred cred, int type, int protocol, long ino, Trace within);

    /** sock->ops->release (also after the caller was interrupted). */
    CompletableFuture<Void> release(long sock, Trace within);

    CompletableFuture<Errno> bind(Cred cred, long sock, ByteString addr, Trace within);

    CompletableFuture<StateChange> connect(Cred cred, long sock, ByteString addr, boolean nonblock, Trace within);

    CompletableFuture<Errno> listen(Cred cred, long sock, int backlog, Trace within);

    /** sock->ops->accept into a new socket on newIno. */
    CompletableFuture<Accepted> accept(Cred cred, long sock, boolean nonblock, long newIno, Trace within);

    CompletableFuture<Name> getname(Cred cred, long sock, boolean peer, Trace within);

    CompletableFuture<Transferred> sendmsg(Cred cred, long sock, ByteString data, int flags, ByteString addr, boolean nonblock,
            Trace within);

    CompletableFuture<Received> recvmsg(Cred cred, long sock, long len, int flags, boolean nonblock, Trace within);

    CompletableFuture<StateChange> shutdown(Cred cred, long sock, int how, Trace within);

    CompletableFuture<Errno> setsockopt(Cred cred, long sock, int level, int optname, ByteString optval, Trace within);

    CompletableFuture<Optval> getsockopt(Cred cred, long sock, int level, int optname, int optlen, Trace within);

    /** sock->ops->ioctl: the family's own commands; {@link Ioctl#UNKNOWN} for the rest (-ENOIOCTLCMD). */
    CompletableFuture<Ioctl> ioctl(Cred cred, long sock, int cmd, ByteString arg, Trace within);

    /**
     * dev_ioctl in the namespace netns, for a socket of any family: served by the family
     * whose service holds the namespaces' devices (AF_INET's); {@link Ioctl#UNKNOWN} from
     * a family that holds none.
     */
    CompletableFuture<Ioctl> devIoctl(Cred cred, long netns, int cmd, ByteString arg, Trace within);

    /**
     * sock->ops->poll: the events that are ready, with the sock's wait-queue wake-up count.
     * afterWake >= 0 (epoll's edge trigger) answers before the timeout only once the queue
     * was woken more than afterWake times; {@link Revents#LEVEL} waits for readiness alone.
     */
    CompletableFuture<Revents> poll(Cred cred, long sock, int events, int timeoutMs, long afterWake, Trace within);

    /** The family's pernet exit for netns. */
    CompletableFuture<Void> netnsExit(long netns, Trace within);

    /**
     * Every sock the family holds with the inode it was made on, for the reconcile after
     * a restart; null when the family's service does not list its socks.
     */
    CompletableFuture<java.util.List<SockIno>> listSocks(Trace within);

    record SockIno(long sock, long ino) {}

    /** An ioctl's answer: errno and what it wrote to *arg, or unknown (-ENOIOCTLCMD). */
    record Ioctl(Errno errno, ByteString arg, boolean unknown) {
        public static final Ioctl UNKNOWN = new Ioctl(Errno.ERRNO_UNSPECIFIED, ByteString.EMPTY, true);
    }

    record Created(Errno errno, long sock, SocketState state) {}

    record Accepted(Errno errno, long newSock, SocketState state, ByteString addr) {}

    /** An op that may move the socket's state (connect, shutdown); UNSPECIFIED leaves it. */
    record StateChange(Errno errno, SocketState state) {}

    record Name(Errno errno, ByteString addr) {}

    /** What sendmsg gives: bytes sent, or -1 and the errno. */
    record Transferred(long ret, Errno errno) {}

    record Received(long ret, Errno errno, ByteString data, ByteString addr, int msgFlags) {
        public static Received error(Errno e) {
            return new Received(-1, e, ByteString.EMPTY, ByteString.EMPTY, 0);
        }
    }

    record Optval(Errno errno, ByteString optval) {}
}
