package vkernel.socket.core;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Poll;

/**
 * socket_file_ops (net/socket.c) for vfs-service: sock_close, sock_read_iter,
 * sock_write_iter, sock_poll, each handed to the socket's family (EIO when its service
 * is gone), and the pernet exit handed to every registered family. Each call is given
 * its step and ends it.
 */
public final class SockfsFileOps {
    private final Sockfs fs;

    public SockfsFileOps(Sockfs fs) {
        this.fs = fs;
    }

    /**
     * sock_close → __sock_release: the family's release (retried until it succeeds, see
     * {@link SockRelease}); vfs-service evicts the inode after. Follows net/socket.c:sock_close.
     */
    public CompletableFuture<Void> release(long ino, Trace step) {
        Socket s = fs.sockets().remove(ino);
        CompletableFuture<?> done = s == null ? CompletableFuture.completedFuture(null) : fs.releases().release(s, false, step);
        return done.handle((r, err) -> {
            step.end();
            return null;
        });
    }

    /**
     * sock_read_iter: a recvmsg, MSG_DONTWAIT when the file is O_NONBLOCK; count is the
     * iter's, never above MAX_RW_COUNT (vfs_read cuts it). Follows net/socket.c:sock_read_iter.
     */
    public CompletableFuture<FamilyOps.Received> readIter(Cred cred, long ino, int fFlags, long count, Trace step) {
        boolean nonblock = (fFlags & Fcntl.O_NONBLOCK) != 0;
        int len = IovIter.importUbuf(count);
        return withFamily(ino, step, FamilyOps.Received::error, FamilyOps.Received::ret, FamilyOps.Received::errno,
                (s, f) -> f.recvmsg(cred, s.sock(), len, nonblock ? vkernel.uapi.Socket.MSG_DONTWAIT : 0, nonblock, step));
    }

    /** sock_write_iter: a sendmsg, MSG_DONTWAIT when the file is O_NONBLOCK. Follows net/socket.c:sock_write_iter. */
    public CompletableFuture<SysRet> writeIter(Cred cred, long ino, int fFlags, ByteString data, Trace step) {
        boolean nonblock = (fFlags & Fcntl.O_NONBLOCK) != 0;
        return withFamily(ino, step, SysRet::error, SysRet::ret, SysRet::errno,
                (s, f) -> f.sendmsg(cred, s.sock(), data, nonblock ? vkernel.uapi.Socket.MSG_DONTWAIT : 0, ByteString.EMPTY,
                        nonblock, step).thenApply(r -> new SysRet(r.ret(), r.errno())));
    }

    /**
     * sock_poll: the family's poll with its wake-up count; POLLERR when it cannot answer.
     * afterWake >= 0 is epoll's edge trigger ({@link FamilyOps#poll}). Follows net/socket.c:sock_poll.
     */
    public CompletableFuture<Revents> poll(Cred cred, long ino, int events, int timeoutMs, long afterWake, Trace step) {
        return withFamily(ino, step, e -> Revents.of(Poll.POLLERR), Revents::mask, r -> Errno.ERRNO_UNSPECIFIED,
                (s, f) -> f.poll(cred, s.sock(), events, timeoutMs, afterWake, step));
    }

    /** The pernet exit of netns, to every family registered now; a family that fails it is passed over. */
    public CompletableFuture<Void> netnsExit(long netns, Trace step) {
        CompletableFuture<?>[] all = fs.families().live(fs.now()).stream()
                .map(r -> fs.familyAt(r.address()).netnsExit(netns, step).exceptionally(t -> null))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).handle((r, err) -> {
            step.end();
            return null;
        });
    }

    private <R> CompletableFuture<R> withFamily(long ino, Trace step, Function<Errno, R> failure, ToLongFunction<R> ret,
            Function<R, Errno> errno, BiFunction<Socket, FamilyOps, CompletableFuture<R>> op) {
        Socket s = fs.sockets().get(ino);
        FamilyOps family = s == null ? null : fs.family(s);
        CompletableFuture<R> f = family == null ? CompletableFuture.completedFuture(failure.apply(Errno.ERRNO_EIO))
                : op.apply(s, family).exceptionally(t -> failure.apply(LayerFailure.errnoOf(t)));
        return f.handle((r, err) -> {
            R answer = err == null ? r : failure.apply(LayerFailure.errnoOf(err));
            step.end(ret.applyAsLong(answer), errno.apply(answer));
            return answer;
        });
    }
}
