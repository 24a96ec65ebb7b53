package vkernel.socket.grpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import vkernel.cred.v1.Cred;
import vkernel.kernel.trace.Trace;
import vkernel.runtime.grpc.Futures;
import vkernel.socket.core.Vfs;
import vkernel.vfs.v1.FdInstallRequest;
import vkernel.vfs.v1.FgetRequest;
import vkernel.vfs.v1.GetUnusedFdRequest;
import vkernel.vfs.v1.IputRequest;
import vkernel.vfs.v1.NewInodeRequest;
import vkernel.vfs.v1.PutUnusedFdRequest;

/** The core's {@link Vfs} port over vfs-service's InodeService. */
final class GrpcVfs implements Vfs {
    private static final Logger LOG = Logger.getLogger(GrpcVfs.class);

    private final SocketLayer layer;

    GrpcVfs(SocketLayer layer) {
        this.layer = layer;
    }

    @Override
    public CompletableFuture<Inode> newInode(Cred cred, String fsType, Trace within) {
        return layer.call(within, () -> layer.vfs().newInode(NewInodeRequest.newBuilder().setCred(cred).setFsType(fsType).build()))
                .thenApply(r -> new Inode(r.getErrno(), r.getIno()));
    }

    @Override
    public CompletableFuture<Void> iput(long ino, Trace within) {
        return layer.callDetached(within, () -> layer.vfs().withDeadlineAfter(SocketLayer.OP_DEADLINE_S, TimeUnit.SECONDS)
                .iput(IputRequest.newBuilder().setIno(ino).build())).handle((r, err) -> {
                    if (err != null) {
                        LOG.warnf("iput of inode %d failed: %s", ino, Futures.unwrap(err));
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Fd> getUnusedFd(Cred cred, Trace within) {
        return layer.call(within, () -> layer.vfs().getUnusedFd(GetUnusedFdRequest.newBuilder().setCred(cred).build()))
                .thenApply(r -> new Fd(r.getErrno(), r.getFd()));
    }

    @Override
    public CompletableFuture<Void> putUnusedFd(Cred cred, int fd, Trace within) {
        return layer.callDetached(within, () -> layer.vfs().putUnusedFd(PutUnusedFdRequest.newBuilder().setCred(cred).setFd(fd).build()))
                .handle((r, err) -> {
                    if (err != null) {
                        LOG.warnf("put_unused_fd %d of pid %d failed: %s", fd, cred.getPid(), Futures.unwrap(err));
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Fd> fdInstall(Cred cred, long ino, int fFlags, boolean cloexec, int reservedFd, Trace within) {
        FdInstallRequest.Builder b = FdInstallRequest.newBuilder().setCred(cred).setIno(ino).setFFlags(fFlags).setCloexec(cloexec);
        if (reservedFd >= 0) {
            b.setReservedFd(reservedFd); // accept: the fd get_unused_fd_flags holds
        }
        FdInstallRequest req = b.build();
        return layer.call(within, () -> layer.vfs().fdInstall(req)).thenApply(r -> new Fd(r.getErrno(), r.getFd()));
    }

    @Override
    public CompletableFuture<File> fget(Cred cred, int fd, Trace within) {
        return layer.call(within, () -> layer.vfs().fget(FgetRequest.newBuilder().setCred(cred).setFd(fd).build()))
                .thenApply(r -> new File(r.getErrno(), r.getIno(), r.getFsType(), r.getFFlags()));
    }
}
