package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.CreateRequest;
import vkernel.net.v1.ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub;
import vkernel.net.v1.ReleaseRequest;
import vkernel.net.v1.SocketState;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.events.Step;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.core.NetFamilies;
import vkernel.socket.core.Socket;
import vkernel.socket.core.SocketArgs;
import vkernel.socket.v1.AcceptRequest;
import vkernel.socket.v1.AcceptResponse;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.uapi.Fcntl;
import vkernel.vfs.v1.FdInstallRequest;
import vkernel.vfs.v1.GetUnusedFdRequest;
import vkernel.vfs.v1.PutUnusedFdRequest;
import vkernel.vfs.v1.NewInodeRequest;

/**
 * The calls that make sockets: socket(2) (__sys_socket → __sock_create → sock_map_fd)
 * and accept4(2) (do_accept). Each step that succeeded is undone, in reverse, when a
 * later one fails, as the kernel's error paths do.
 */
@ApplicationScoped
public class SockCreate {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SockCreate.class);

    @Inject
    SocketLayer layer;

    @Inject
    KernelRuntime runtime;

    private record Accepted(Socket socket, com.google.protobuf.ByteString peer) {}

    /** A failure that has already been undone: its errno is the call's answer. */
    private static final class Failed extends RuntimeException {
        final Errno errno;

        Failed(Errno errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    public void socket(SocketRequest req, StreamObserver<SocketResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("socket", cred)
                .field("family", req.getDomain()).field("type", req.getType()).field("protocol", req.getProtocol());
        SocketArgs.Checked checked = SocketArgs.check(req.getDomain(), req.getType(), req.getProtocol());
        if (checked.args() == null) {
            finish(step, out, -1, checked.errno());
            return;
        }
        SocketArgs args = checked.args();
        Step create = step.child("__sock_create").field("family", args.family()).field("type", args.type())
                .field("protocol", args.protocol());
        sockAlloc(cred, create)
                .thenCompose(ino -> pfCreate(cred, args, ino, create))
                .thenCompose(socket -> {
                    create.object("ino", socket.ino()).object("sock", socket.sock()).end();
                    return sockMapFd(cred, socket, args.fileFlags(), args.cloexec(), -1, step);
                })
                .whenComplete((fd, err) -> {
                    if (err == null) {
                        finish(step, out, fd, Errno.ERRNO_UNSPECIFIED);
                    } else {
                        Errno e = errnoOf(err);
                        create.end(-1, e);
                        finish(step, out, -1, e);
                    }
                });
    }

    /** sock_alloc: a new inode on sockfs. */
    private CompletableFuture<Long> sockAlloc(Cred cred, Step parent) {
        Step alloc = parent.child("sock_alloc");
        return layer.call(alloc, () -> layer.vfs().newInode(NewInodeRequest.newBuilder().setCred(cred).setFsType("sockfs").build()))
                .thenApply(r -> {
                    if (r.getErrno() != Errno.ERRNO_UNSPECIFIED) {
                        alloc.end(-1, r.getErrno());
                        throw new Failed(r.getErrno() == Errno.ERRNO_ENOMEM ? Errno.ERRNO_ENFILE : r.getErrno());
                    }
                    alloc.object("ino", r.getIno()).field("i_mode", "S_IFSOCK|0777").end(r.getIno(), Errno.ERRNO_UNSPECIFIED);
                    return r.getIno();
                });
    }

    /** net_families[family]->create; EAFNOSUPPORT when no service has registered the family. */
    private CompletableFuture<Socket> pfCreate(Cred cred, SocketArgs args, long ino, Step parent) {
        Step lookup = parent.child("net_families_lookup").field("family", args.family());
        NetFamilies.Registration reg = layer.families().lookup(args.family(), System.currentTimeMillis());
        if (reg == null) {
            lookup.end(-1, Errno.ERRNO_EAFNOSUPPORT);
            layer.iput(ino, parent);
            return CompletableFuture.failedFuture(new Failed(Errno.ERRNO_EAFNOSUPPORT));
        }
        lookup.field("service", reg.address()).end();
        ProtoOpsServiceFutureStub family = layer.family(reg.address());
        CreateRequest req = CreateRequest.newBuilder().setCred(cred).setType(args.type())
                .setProtocol(args.protocol()).setIno(ino).build();
        return layer.call(parent, () -> layer.quick(family).create(req)).handle((r, err) -> {
            if (err != null) {
                if (Futures.unwrap(err) instanceof SocketLayer.LayerGone gone && gone.unreachable()) {
                    // The module went away between the lookup and the call.
                    layer.families().drop(args.family(), reg.instanceId());
                    layer.iput(ino, parent);
                    throw new Failed(Errno.ERRNO_EAFNOSUPPORT);
                }
                layer.iput(ino, parent);
                throw new Failed(errnoOf(err));
            }
            if (r.getErrno() != Errno.ERRNO_UNSPECIFIED) {
                layer.iput(ino, parent);
                throw new Failed(r.getErrno());
            }
            Socket s = new Socket(ino, args.family(), args.type(), reg.address(), reg.instanceId());
            s.setSock(r.getSock());
            s.setState(r.getState());
            layer.sockets().add(s);
            return s;
        });
    }

    /** sock_map_fd: an fd for the socket; on failure the socket is released (sock_release). */
    private CompletableFuture<Integer> sockMapFd(Cred cred, Socket s, int fFlags, boolean cloexec, int heldFd, Step parent) {
        Step map = parent.child("sock_map_fd").object("ino", s.ino());
        FdInstallRequest.Builder b = FdInstallRequest.newBuilder().setCred(cred).setIno(s.ino()).setFFlags(fFlags)
                .setCloexec(cloexec);
        if (heldFd >= 0) {
            b.setReservedFd(heldFd); // accept: the fd get_unused_fd_flags holds
        }
        FdInstallRequest req = b.build();
        return layer.call(map, () -> layer.vfs().fdInstall(req)).handle((r, err) -> {
            Errno e = err != null ? errnoOf(err) : r.getErrno();
            if (e != Errno.ERRNO_UNSPECIFIED) {
                map.end(-1, e);
                sockRelease(s, map);
                throw new Failed(e);
            }
            map.object("fd", r.getFd()).end(r.getFd(), Errno.ERRNO_UNSPECIFIED);
            return r.getFd();
        });
    }

    /** sock_release: the family's release, then the inode. */
    void sockRelease(Socket s, Step parent) {
        Step rel = parent.child("sock_release").object("ino", s.ino()).object("sock", s.sock());
        layer.sockets().remove(s.ino());
        ProtoOpsServiceFutureStub family = layer.family(s);
        CompletableFuture<?> released = family == null ? CompletableFuture.completedFuture(null)
                : layer.callDetached(rel, () -> layer.quick(family).release(ReleaseRequest.newBuilder().setSock(s.sock()).build()));
        released.whenComplete((r, err) -> {
            rel.end();
            layer.iput(s.ino(), parent);
        });
    }

    /**
     * accept4(2) as __sys_accept4 orders it: the fd (EBADF), the flags (EINVAL), a free fd
     * for the new socket (EMFILE: the connection stays queued), then do_accept: a socket
     * (ENOTSOCK), its inode (ENFILE) and the family's accept. The fd held is given back
     * if anything after it fails.
     */
    public void accept(AcceptRequest req, StreamObserver<AcceptResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("accept4", cred).object("fd", req.getFd()).field("flags", req.getFlags());
        int flags = req.getFlags();
        int[] heldFd = {-1};
        layer.lookup(cred, req.getFd(), step).thenCompose(l -> {
            if (l.errno() != Errno.ERRNO_UNSPECIFIED && l.errno() != Errno.ERRNO_ENOTSOCK) {
                throw new Failed(l.errno());
            }
            if ((flags & ~(vkernel.uapi.Socket.SOCK_CLOEXEC | vkernel.uapi.Socket.SOCK_NONBLOCK)) != 0) {
                throw new Failed(Errno.ERRNO_EINVAL);
            }
            return getUnusedFd(cred, step).thenCompose(fd -> {
                heldFd[0] = fd;
                if (l.errno() != Errno.ERRNO_UNSPECIFIED) {
                    throw new Failed(l.errno());
                }
                return doAccept(cred, l, step);
            });
        }).thenCompose(a -> {
            int fFlags = Fcntl.O_RDWR | (flags & vkernel.uapi.Socket.SOCK_NONBLOCK);
            return sockMapFd(cred, a.socket(), fFlags, (flags & vkernel.uapi.Socket.SOCK_CLOEXEC) != 0, heldFd[0], step)
                    .thenApply(fd -> AcceptResponse.newBuilder().setRet(fd).setAddr(a.peer()).build());
        }).whenComplete((r, err) -> {
            if (err != null && heldFd[0] >= 0) {
                putUnusedFd(cred, heldFd[0], step);
            }
            finishAccept(step, out, err == null ? r : AcceptResponse.newBuilder().setRet(-1).setErrno(errnoOf(err)).build());
        });
    }

    /** do_accept past the checks: an inode for the new socket, then the family's accept. */
    private CompletableFuture<Accepted> doAccept(Cred cred, SocketLayer.Lookup l, Step step) {
        ProtoOpsServiceFutureStub family = layer.family(l.socket());
        if (family == null) {
            throw new Failed(Errno.ERRNO_EIO);
        }
        Socket listener = l.socket();
        return sockAlloc(cred, step).thenCompose(ino -> layer.call(step, () -> family.accept(
                vkernel.net.v1.AcceptRequest.newBuilder().setCred(cred).setSock(listener.sock())
                        .setNonblock(l.nonblock()).setNewIno(ino).build())).handle((r, err) -> {
                            Errno e = err != null ? errnoOf(err) : r.getErrno();
                            if (e != Errno.ERRNO_UNSPECIFIED) {
                                layer.iput(ino, step);
                                throw new Failed(e);
                            }
                            Socket s = new Socket(ino, listener.family(), listener.type(),
                                    listener.familyAddress(), listener.familyInstance());
                            s.setSock(r.getNewSock());
                            s.setState(r.getState() == SocketState.SOCKET_STATE_UNSPECIFIED
                                    ? SocketState.SOCKET_STATE_SS_CONNECTED : r.getState());
                            layer.sockets().add(s);
                            return new Accepted(s, r.getAddr());
                        }));
    }

    /** get_unused_fd_flags: vfs-service holds the lowest free fd for the socket accept makes. */
    private CompletableFuture<Integer> getUnusedFd(Cred cred, Step step) {
        return layer.call(step, () -> layer.vfs().getUnusedFd(GetUnusedFdRequest.newBuilder().setCred(cred).build()))
                .thenApply(r -> {
                    if (r.getErrno() != Errno.ERRNO_UNSPECIFIED) {
                        throw new Failed(r.getErrno() == Errno.ERRNO_ESRCH ? Errno.ERRNO_EBADF : r.getErrno());
                    }
                    return r.getFd();
                });
    }

    /** put_unused_fd, even when the caller has gone: the fd must not stay held. */
    private void putUnusedFd(Cred cred, int fd, Step step) {
        layer.callDetached(step, () -> layer.vfs().putUnusedFd(PutUnusedFdRequest.newBuilder().setCred(cred).setFd(fd).build()))
                .whenComplete((r, err) -> {
                    if (err != null) {
                        LOG.warnf("put_unused_fd %d of pid %d failed: %s", fd, cred.getPid(), Futures.unwrap(err));
                    }
                });
    }

    private static void finishAccept(Step step, StreamObserver<AcceptResponse> out, AcceptResponse r) {
        step.end(r.getRet(), r.getErrno());
        out.onNext(r);
        out.onCompleted();
    }

    private static void finish(Step step, StreamObserver<SocketResponse> out, long ret, Errno e) {
        step.end(ret, e);
        out.onNext(SocketResponse.newBuilder().setRet(ret).setErrno(e).build());
        out.onCompleted();
    }

    private static Errno errnoOf(Throwable t) {
        Throwable e = Futures.unwrap(t);
        if (e instanceof Failed f) {
            return f.errno;
        }
        return SocketLayer.errnoOf(e);
    }
}
