package vkernel.socket.core;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Socket;
import vkernel.uapi.Sockios;

/**
 * The socket calls on an fd (net/socket.c: __sys_bind, __sys_listen, __sys_connect ...):
 * look the fd up (EBADF, ENOTSOCK), hand the call to the family that made the socket
 * (EIO when its service is gone), answer with its result. Each call is given the
 * syscall's step and ends it with the result.
 */
public final class SockSyscall {
    /** What getsockname and getpeername give. */
    public record Named(long ret, Errno errno, ByteString addr) {
        static Named error(Errno e) {
            return new Named(-1, e, ByteString.EMPTY);
        }
    }

    /** What getsockopt gives. */
    public record GotOpt(long ret, Errno errno, ByteString optval) {
        static GotOpt error(Errno e) {
            return new GotOpt(-1, e, ByteString.EMPTY);
        }
    }

    /** What ioctl gives: ret, errno, and the bytes it wrote to *arg. */
    public record Ioctled(long ret, Errno errno, ByteString arg) {
        static Ioctled error(Errno e) {
            return new Ioctled(-1, e, ByteString.EMPTY);
        }

        static Ioctled of(FamilyOps.Ioctl r) {
            return r.errno() == Errno.ERRNO_UNSPECIFIED ? new Ioctled(0, r.errno(), r.arg()) : error(r.errno());
        }
    }

    private final Sockfs fs;

    public SockSyscall(Sockfs fs) {
        this.fs = fs;
    }

    /** __sys_listen caps the backlog at net.core.somaxconn (compared unsigned) before the family sees it. */
    public static int somaxconnCap(int backlog) {
        return Integer.compareUnsigned(backlog, Socket.SOMAXCONN) > 0 ? Socket.SOMAXCONN : backlog;
    }

    /** bind(2): the family parses and checks the address. Follows net/socket.c:__sys_bind. */
    public CompletableFuture<SysRet> bind(Cred cred, int fd, ByteString addr, Trace step) {
        return run(cred, fd, step, SysRet::error, SysRet::ret, SysRet::errno,
                (l, f) -> f.bind(cred, l.socket().sock(), addr, step).thenApply(SysRet::zeroOr));
    }

    /** listen(2) with the backlog capped at SOMAXCONN. Follows net/socket.c:__sys_listen. */
    public CompletableFuture<SysRet> listen(Cred cred, int fd, int backlog, Trace step) {
        int capped = somaxconnCap(backlog);
        step.field("backlog", capped);
        return run(cred, fd, step, SysRet::error, SysRet::ret, SysRet::errno,
                (l, f) -> f.listen(cred, l.socket().sock(), capped, step).thenApply(SysRet::zeroOr));
    }

    /** connect(2): O_NONBLOCK of the file decides between waiting and EINPROGRESS. Follows net/socket.c:__sys_connect. */
    public CompletableFuture<SysRet> connect(Cred cred, int fd, ByteString addr, Trace step) {
        return run(cred, fd, step, SysRet::error, SysRet::ret, SysRet::errno,
                (l, f) -> f.connect(cred, l.socket().sock(), addr, l.nonblock(), step).thenApply(r -> {
                    l.socket().setState(r.state());
                    return SysRet.zeroOr(r.errno());
                }));
    }

    /** getsockname(2) (peer false) and getpeername(2) (peer true). Follows net/socket.c:__sys_getsockname. */
    public CompletableFuture<Named> getname(Cred cred, int fd, boolean peer, Trace step) {
        return run(cred, fd, step, Named::error, Named::ret, Named::errno,
                (l, f) -> f.getname(cred, l.socket().sock(), peer, step)
                        .thenApply(r -> new Named(SysRet.zeroOr(r.errno()).ret(), r.errno(), r.addr())));
    }

    /** sendmsg(2) (send, sendto): MSG_DONTWAIT or O_NONBLOCK make it non-blocking. Follows net/socket.c:__sys_sendmsg. */
    public CompletableFuture<SysRet> sendmsg(Cred cred, int fd, ByteString data, int flags, ByteString addr, Trace step) {
        return run(cred, fd, step, SysRet::error, SysRet::ret, SysRet::errno,
                (l, f) -> f.sendmsg(cred, l.socket().sock(), data, flags, addr, l.nonblock(), step)
                        .thenApply(r -> new SysRet(r.ret(), r.errno())));
    }

    /**
     * recvmsg(2) (recv, recvfrom): len, a size_t, is cut to MAX_RW_COUNT by import_ubuf
     * before the family sees it. Follows net/socket.c:__sys_recvfrom.
     */
    public CompletableFuture<FamilyOps.Received> recvmsg(Cred cred, int fd, long len, int flags, Trace step) {
        int count = IovIter.importUbuf(len);
        return run(cred, fd, step, FamilyOps.Received::error, FamilyOps.Received::ret, FamilyOps.Received::errno,
                (l, f) -> f.recvmsg(cred, l.socket().sock(), count, flags, l.nonblock(), step));
    }

    /** shutdown(2). Follows net/socket.c:__sys_shutdown. */
    public CompletableFuture<SysRet> shutdown(Cred cred, int fd, int how, Trace step) {
        return run(cred, fd, step, SysRet::error, SysRet::ret, SysRet::errno,
                (l, f) -> f.shutdown(cred, l.socket().sock(), how, step).thenApply(r -> {
                    l.socket().setState(r.state());
                    return SysRet.zeroOr(r.errno());
                }));
    }

    /** setsockopt(2). Follows net/socket.c:__sys_setsockopt. */
    public CompletableFuture<SysRet> setsockopt(Cred cred, int fd, int level, int optname, ByteString optval, Trace step) {
        return run(cred, fd, step, SysRet::error, SysRet::ret, SysRet::errno,
                (l, f) -> f.setsockopt(cred, l.socket().sock(), level, optname, optval, step).thenApply(SysRet::zeroOr));
    }

    /** getsockopt(2). Follows net/socket.c:__sys_getsockopt. */
    public CompletableFuture<GotOpt> getsockopt(Cred cred, int fd, int level, int optname, int optlen, Trace step) {
        return run(cred, fd, step, GotOpt::error, GotOpt::ret, GotOpt::errno,
                (l, f) -> f.getsockopt(cred, l.socket().sock(), level, optname, optlen, step)
                        .thenApply(r -> new GotOpt(SysRet.zeroOr(r.errno()).ret(), r.errno(), r.optval())));
    }

    /**
     * ioctl(2) on a socket. Follows net/socket.c:sock_ioctl and sock_do_ioctl: the family's
     * ops->ioctl; a command it does not serve goes, if it is a socket command (0x89xx), to
     * the device layer (dev_ioctl in the socket's namespace), else answers ENOTTY.
     */
    public CompletableFuture<Ioctled> ioctl(Cred cred, int fd, int cmd, ByteString arg, Trace step) {
        return run(cred, fd, step, Ioctled::error, Ioctled::ret, Ioctled::errno, (l, f) -> {
            if (cmd == Sockios.SIOCGIFCONF) {
                return devIoctl(cred, l.socket().netns(), cmd, arg, step); // sock_ioctl's dev_ifconf, before the family
            }
            return f.ioctl(cred, l.socket().sock(), cmd, arg, step).thenCompose(r -> {
                if (!r.unknown()) {
                    return CompletableFuture.completedFuture(Ioctled.of(r));
                }
                if (!Sockios.isSocketIoctlCmd(cmd)) {
                    return CompletableFuture.completedFuture(Ioctled.error(Errno.ERRNO_ENOTTY));
                }
                return devIoctl(cred, l.socket().netns(), cmd, arg, step);
            });
        });
    }

    /** dev_ioctl in the socket's namespace, by the service that holds the devices. */
    private CompletableFuture<Ioctled> devIoctl(Cred cred, long netns, int cmd, ByteString arg, Trace step) {
        FamilyOps devices = fs.deviceOwner();
        if (devices == null) {
            return CompletableFuture.completedFuture(Ioctled.error(Errno.ERRNO_ENODEV));
        }
        return devices.devIoctl(cred, netns, cmd, arg, step)
                .thenApply(d -> d.unknown() ? Ioctled.error(Errno.ERRNO_ENOTTY) : Ioctled.of(d));
    }

    /**
     * The shape every call on an fd shares: sockfd_lookup, the family's op, its answer;
     * -1 and the errno at the first step that fails. A family service that cannot be
     * reached is dropped from net_families[].
     */
    private <R> CompletableFuture<R> run(Cred cred, int fd, Trace step, Function<Errno, R> failure, ToLongFunction<R> ret,
            Function<R, Errno> errno, BiFunction<Sockfs.Sockfd, FamilyOps, CompletableFuture<R>> op) {
        return fs.sockfdLookup(cred, fd, step).thenCompose(l -> {
            if (l.errno() != Errno.ERRNO_UNSPECIFIED) {
                return CompletableFuture.completedFuture(failure.apply(l.errno()));
            }
            FamilyOps family = fs.family(l.socket());
            if (family == null) {
                // The service that held this sock is gone (stopped or restarted).
                return CompletableFuture.completedFuture(failure.apply(Errno.ERRNO_EIO));
            }
            return op.apply(l, family).exceptionally(t -> {
                if (LayerFailure.unreachable(t)) {
                    fs.familyGone(l.socket());
                }
                return failure.apply(LayerFailure.errnoOf(t));
            });
        }).handle((r, t) -> {
            R answer = t == null ? r : failure.apply(LayerFailure.errnoOf(t));
            step.end(ret.applyAsLong(answer), errno.apply(answer));
            return answer;
        });
    }
}
