package vkernel.socket.core;

import vkernel.kernel.trace.RecordingTrace;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.SocketState;

/** A family service in memory: its socks, a listener's queue of connections, failures to inject. */
final class FakeFamily implements FamilyOps {
    static final ByteString PEER = ByteString.copyFromUtf8("peer");

    /** Live socks and the inode each was made on. */
    final Map<Long, Long> socks = new HashMap<>();
    /** Which op ran within which step ("create@__sock_create"), and the arguments that matter. */
    final List<String> calls = new ArrayList<>();
    long nextSock = 1;
    int queued;
    int lastBacklog = -1;
    int lastFlags = -1;
    boolean lastNonblock;
    long lastLen = -7;

    Errno createErrno = Errno.ERRNO_UNSPECIFIED;
    Errno opErrno = Errno.ERRNO_UNSPECIFIED;
    SocketState opState = SocketState.SOCKET_STATE_UNSPECIFIED;
    /** When set, every op fails with this transport failure. */
    LayerFailure.Kind fails;

    private <T> CompletableFuture<T> answer(String op, Trace within, T value) {
        calls.add(op + "@" + RecordingTrace.name(within));
        return fails != null ? CompletableFuture.failedFuture(new LayerFailure(fails, "injected", null))
                : CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<Created> create(Cred cred, int type, int protocol, long ino, Trace within) {
        if (fails != null || createErrno != Errno.ERRNO_UNSPECIFIED) {
            return answer("create", within, new Created(createErrno, 0, SocketState.SOCKET_STATE_UNSPECIFIED));
        }
        long sock = nextSock++;
        socks.put(sock, ino);
        return answer("create", within, new Created(Errno.ERRNO_UNSPECIFIED, sock, SocketState.SOCKET_STATE_SS_UNCONNECTED));
    }

    /** When set, release fails with this transport failure (and releases nothing). */
    LayerFailure.Kind releaseFails;
    /** False: a service that predates ListSocks. */
    boolean lists = true;

    @Override
    public CompletableFuture<Void> release(long sock, Trace within) {
        calls.add("release@" + RecordingTrace.name(within));
        if (releaseFails != null) {
            return CompletableFuture.failedFuture(new LayerFailure(releaseFails, "injected", null));
        }
        socks.remove(sock);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<SockIno>> listSocks(Trace within) {
        calls.add("listSocks@" + RecordingTrace.name(within));
        if (!lists) {
            return CompletableFuture.completedFuture(null);
        }
        List<SockIno> out = new ArrayList<>();
        socks.forEach((sock, ino) -> out.add(new SockIno(sock, ino)));
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<Errno> bind(Cred cred, long sock, ByteString addr, Trace within) {
        return answer("bind", within, opErrno);
    }

    @Override
    public CompletableFuture<StateChange> connect(Cred cred, long sock, ByteString addr, boolean nonblock, Trace within) {
        lastNonblock = nonblock;
        return answer("connect", within, new StateChange(opErrno, opState));
    }

    @Override
    public CompletableFuture<Errno> listen(Cred cred, long sock, int backlog, Trace within) {
        lastBacklog = backlog;
        return answer("listen", within, opErrno);
    }

    @Override
    public CompletableFuture<Accepted> accept(Cred cred, long sock, boolean nonblock, long newIno, Trace within) {
        lastNonblock = nonblock;
        if (fails != null || opErrno != Errno.ERRNO_UNSPECIFIED || queued == 0) {
            Errno e = opErrno != Errno.ERRNO_UNSPECIFIED ? opErrno : Errno.ERRNO_EAGAIN;
            return answer("accept", within, new Accepted(e, 0, SocketState.SOCKET_STATE_UNSPECIFIED, ByteString.EMPTY));
        }
        queued--;
        long child = nextSock++;
        socks.put(child, newIno);
        return answer("accept", within, new Accepted(Errno.ERRNO_UNSPECIFIED, child, SocketState.SOCKET_STATE_UNSPECIFIED, PEER));
    }

    @Override
    public CompletableFuture<Name> getname(Cred cred, long sock, boolean peer, Trace within) {
        return answer(peer ? "getpeername" : "getsockname", within, new Name(opErrno, PEER));
    }

    @Override
    public CompletableFuture<Transferred> sendmsg(Cred cred, long sock, ByteString data, int flags, ByteString addr,
            boolean nonblock, Trace within) {
        lastFlags = flags;
        lastNonblock = nonblock;
        return answer("sendmsg", within, new Transferred(data.size(), Errno.ERRNO_UNSPECIFIED));
    }

    @Override
    public CompletableFuture<Received> recvmsg(Cred cred, long sock, long len, int flags, boolean nonblock, Trace within) {
        lastFlags = flags;
        lastLen = len;
        lastNonblock = nonblock;
        return answer("recvmsg", within, Received.error(Errno.ERRNO_EAGAIN));
    }

    @Override
    public CompletableFuture<StateChange> shutdown(Cred cred, long sock, int how, Trace within) {
        return answer("shutdown", within, new StateChange(opErrno, opState));
    }

    @Override
    public CompletableFuture<Errno> setsockopt(Cred cred, long sock, int level, int optname, ByteString optval, Trace within) {
        return answer("setsockopt", within, opErrno);
    }

    @Override
    public CompletableFuture<Optval> getsockopt(Cred cred, long sock, int level, int optname, int optlen, Trace within) {
        return answer("getsockopt", within, new Optval(opErrno, ByteString.copyFrom(new byte[] {1, 0, 0, 0})));
    }

    @Override
    public CompletableFuture<Ioctl> ioctl(Cred cred, long sock, int cmd, ByteString arg, Trace within) {
        return answer("ioctl", within, Ioctl.UNKNOWN);
    }

    @Override
    public CompletableFuture<Ioctl> devIoctl(Cred cred, long netns, int cmd, ByteString arg, Trace within) {
        return answer("devIoctl", within, Ioctl.UNKNOWN);
    }

    /** What the last poll waited after (Revents.LEVEL: level-triggered), and the count every poll answers. */
    long lastAfterWake = -7;
    long wakes = 3;

    @Override
    public CompletableFuture<Revents> poll(Cred cred, long sock, int events, int timeoutMs, long afterWake, Trace within) {
        lastAfterWake = afterWake;
        return answer("poll", within, new Revents(events, wakes));
    }

    @Override
    public CompletableFuture<Void> netnsExit(long netns, Trace within) {
        return answer("netnsExit", within, null);
    }
}
