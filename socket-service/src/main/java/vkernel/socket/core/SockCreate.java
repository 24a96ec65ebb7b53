package vkernel.socket.core;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Fcntl;

/**
 * The calls that make sockets: socket(2) (__sys_socket → __sock_create → sock_map_fd)
 * and accept4(2) (__sys_accept4 → do_accept). Each step that succeeded is undone, in
 * reverse, when a later one fails, as the kernel's error paths do. Each call is given the
 * syscall's step, adds its steps beneath it and ends it with the result.
 */
public final class SockCreate {
    /** What accept4 gives: the new fd and the peer's address, or -1 and the errno. */
    public record Accept4(long ret, Errno errno, ByteString addr) {
        static Accept4 error(Errno e) {
            return new Accept4(-1, e, ByteString.EMPTY);
        }
    }

    private record Accepted(Socket socket, ByteString peer) {}

    private final Sockfs fs;

    public SockCreate(Sockfs fs) {
        this.fs = fs;
    }

    /** socket(2). Follows net/socket.c:__sys_socket. */
    public CompletableFuture<SysRet> socket(Cred cred, int domain, int type, int protocol, Trace step) {
        return socket(cred, domain, type, protocol, -1, step);
    }

    /** socket(2) with the new file at atFd when it is &gt;= 0 (SocketRequest.at_fd: EBUSY when it is not free). */
    public CompletableFuture<SysRet> socket(Cred cred, int domain, int type, int protocol, int atFd, Trace step) {
        SocketArgs.Checked checked = SocketArgs.check(domain, type, protocol);
        if (checked.args() == null) {
            return CompletableFuture.completedFuture(finish(step, SysRet.error(checked.errno())));
        }
        SocketArgs args = checked.args();
        Trace create = step.child("__sock_create").field("family", args.family()).field("type", args.type())
                .field("protocol", args.protocol());
        return fs.sockAlloc(cred, create)
                .thenCompose(ino -> pfCreate(cred, args, ino, create))
                .thenCompose(socket -> {
                    create.object("ino", socket.ino()).object("sock", socket.sock()).end();
                    return sockMapFd(cred, socket, args.fileFlags(), args.cloexec(), -1, atFd, step);
                })
                .handle((fd, err) -> {
                    if (err == null) {
                        return finish(step, new SysRet(fd, Errno.ERRNO_UNSPECIFIED));
                    }
                    Errno e = LayerFailure.errnoOf(err);
                    create.end(-1, e);
                    return finish(step, SysRet.error(e));
                });
    }

    /**
     * net_families[family]->create: EAFNOSUPPORT when no service has registered the family
     * (or it went away before it answered); the inode goes back on any failure.
     * Follows net/socket.c:__sock_create.
     */
    private CompletableFuture<Socket> pfCreate(Cred cred, SocketArgs args, long ino, Trace parent) {
        Trace lookup = parent.child("net_families_lookup").field("family", args.family());
        NetFamilies.Registration reg = fs.families().lookup(args.family(), fs.now());
        if (reg == null) {
            lookup.end(-1, Errno.ERRNO_EAFNOSUPPORT);
            fs.iput(ino, parent);
            return CompletableFuture.failedFuture(new LayerFailure.Failed(Errno.ERRNO_EAFNOSUPPORT));
        }
        lookup.field("service", reg.address()).end();
        FamilyOps family = fs.familyAt(reg.address());
        return family.create(cred, args.type(), args.protocol(), ino, parent).handle((r, err) -> {
            if (err != null) {
                if (LayerFailure.unreachable(err)) {
                    // The module went away between the lookup and the call.
                    fs.families().drop(args.family(), reg.instanceId());
                    fs.iput(ino, parent);
                    throw new LayerFailure.Failed(Errno.ERRNO_EAFNOSUPPORT);
                }
                fs.iput(ino, parent);
                throw new LayerFailure.Failed(LayerFailure.errnoOf(err));
            }
            if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
                fs.iput(ino, parent);
                throw new LayerFailure.Failed(r.errno());
            }
            // The instance registered now answered, unless the family restarted during the
            // call (the retry reached its next instance): then the socket adopts the next
            // registration at this address.
            Socket s = new Socket(ino, args.family(), args.type(), reg.address(), fs.instanceAt(args.family(), reg.address()),
                    cred.getNetns());
            s.setSock(r.sock());
            s.setState(r.state());
            fs.settled(s);
            return s;
        });
    }

    /**
     * sock_map_fd: a file for the socket at the lowest free fd (or the fd accept holds);
     * on failure the socket is released (sock_release). Follows net/socket.c:sock_map_fd.
     */
    private CompletableFuture<Integer> sockMapFd(Cred cred, Socket s, int fFlags, boolean cloexec, int heldFd, int atFd,
            Trace parent) {
        Trace map = parent.child("sock_map_fd").object("ino", s.ino());
        return fs.vfs().fdInstall(cred, s.ino(), fFlags, cloexec, heldFd, atFd, map).handle((r, err) -> {
            Errno e = err != null ? LayerFailure.errnoOf(err) : r.errno();
            if (e != Errno.ERRNO_UNSPECIFIED) {
                map.end(-1, e);
                fs.sockRelease(s, map);
                throw new LayerFailure.Failed(e);
            }
            map.object("fd", r.fd()).end(r.fd(), Errno.ERRNO_UNSPECIFIED);
            return r.fd();
        });
    }

    /**
     * accept4(2) in __sys_accept4's order: the fd (EBADF), the flags (EINVAL), a free fd for
     * the new socket (EMFILE: the connection stays queued), then do_accept: a socket
     * (ENOTSOCK), its inode (ENFILE) and the family's accept. The fd held is given back if
     * anything after it fails. Follows net/socket.c:__sys_accept4.
     */
    public CompletableFuture<Accept4> accept4(Cred cred, int fd, int flags, Trace step) {
        return accept4(cred, fd, flags, -1, step);
    }

    /** accept4(2) with the new file at atFd when it is &gt;= 0 (AcceptRequest.at_fd: EBUSY when it is not free). */
    public CompletableFuture<Accept4> accept4(Cred cred, int fd, int flags, int atFd, Trace step) {
        int[] heldFd = {-1};
        return fs.sockfdLookup(cred, fd, step).thenCompose(l -> {
            if (l.errno() != Errno.ERRNO_UNSPECIFIED && l.errno() != Errno.ERRNO_ENOTSOCK) {
                throw new LayerFailure.Failed(l.errno());
            }
            if ((flags & ~(vkernel.uapi.Socket.SOCK_CLOEXEC | vkernel.uapi.Socket.SOCK_NONBLOCK)) != 0) {
                throw new LayerFailure.Failed(Errno.ERRNO_EINVAL);
            }
            return getUnusedFd(cred, atFd, step).thenCompose(newFd -> {
                heldFd[0] = newFd;
                if (l.errno() != Errno.ERRNO_UNSPECIFIED) {
                    throw new LayerFailure.Failed(l.errno());
                }
                return doAccept(cred, l, step);
            });
        }).thenCompose(a -> {
            int fFlags = Fcntl.O_RDWR | (flags & vkernel.uapi.Socket.SOCK_NONBLOCK);
            return sockMapFd(cred, a.socket(), fFlags, (flags & vkernel.uapi.Socket.SOCK_CLOEXEC) != 0, heldFd[0], -1, step)
                    .thenApply(newFd -> new Accept4(newFd, Errno.ERRNO_UNSPECIFIED, a.peer()));
        }).handle((r, err) -> {
            if (err != null && heldFd[0] >= 0) {
                fs.vfs().putUnusedFd(cred, heldFd[0], step);
            }
            Accept4 answer = err == null ? r : Accept4.error(LayerFailure.errnoOf(err));
            step.end(answer.ret(), answer.errno());
            return answer;
        });
    }

    /** do_accept past the checks: an inode for the new socket, then the family's accept. Follows net/socket.c:do_accept. */
    private CompletableFuture<Accepted> doAccept(Cred cred, Sockfs.Sockfd l, Trace step) {
        FamilyOps family = fs.family(l.socket());
        if (family == null) {
            throw new LayerFailure.Failed(Errno.ERRNO_EIO);
        }
        Socket listener = l.socket();
        return fs.sockAlloc(cred, step).thenCompose(ino -> family.accept(cred, listener.sock(), l.nonblock(), ino, step)
                .handle((r, err) -> {
                    Errno e = err != null ? LayerFailure.errnoOf(err) : r.errno();
                    if (e != Errno.ERRNO_UNSPECIFIED) {
                        fs.iput(ino, step);
                        throw new LayerFailure.Failed(e);
                    }
                    Socket s = new Socket(ino, listener.family(), listener.type(), listener.familyAddress(),
                            listener.familyInstance(), listener.netns());
                    s.setSock(r.newSock());
                    s.setState(r.state() == SocketState.SOCKET_STATE_UNSPECIFIED ? SocketState.SOCKET_STATE_SS_CONNECTED : r.state());
                    fs.settled(s);
                    return new Accepted(s, r.addr());
                }));
    }

    /** get_unused_fd_flags: vfs-service holds the lowest free fd (EMFILE when none; ESRCH, the task gone, is EBADF). */
    private CompletableFuture<Integer> getUnusedFd(Cred cred, int atFd, Trace step) {
        return fs.vfs().getUnusedFd(cred, atFd, step).thenApply(r -> {
            if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
                throw new LayerFailure.Failed(r.errno() == Errno.ERRNO_ESRCH ? Errno.ERRNO_EBADF : r.errno());
            }
            return r.fd();
        });
    }

    private static SysRet finish(Trace step, SysRet r) {
        step.end(r.ret(), r.errno());
        return r;
    }
}
