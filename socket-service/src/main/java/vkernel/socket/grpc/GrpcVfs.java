package vkernel.socket.grpc;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import vkernel.cred.v1.Cred;
import vkernel.kernel.trace.Trace;
import vkernel.runtime.grpc.Futures;
import vkernel.socket.core.Vfs;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.FdInstallRequest;
import vkernel.vfs.v1.FgetRequest;
import vkernel.vfs.v1.GetUnusedFdRequest;
import vkernel.vfs.v1.IputRequest;
import vkernel.vfs.v1.ListTaskFdsRequest;
import vkernel.vfs.v1.ListTasksRequest;
import vkernel.vfs.v1.NewInodeRequest;
import vkernel.vfs.v1.PutUnusedFdRequest;
import vkernel.vfs.v1.TaskInfo;

/** The core's {@link Vfs} port over vfs-service's InodeService (and ProcessService for the reconcile). */
final class GrpcVfs implements Vfs {
    private static final Logger LOG = Logger.getLogger(GrpcVfs.class);

    private final SocketLayer layer;

    GrpcVfs(SocketLayer layer) {
        this.layer = layer;
    }

    @Override
    public CompletableFuture<Inode> newInode(Cred cred, String fsType, Trace within) {
        return layer.call(within, layer.vfsAddress(),
                () -> layer.vfs().newInode(NewInodeRequest.newBuilder().setCred(cred).setFsType(fsType).build()))
                .thenApply(r -> new Inode(r.getErrno(), r.getIno()));
    }

    @Override
    public CompletableFuture<Void> iput(long ino, Trace within) {
        return layer.callDetached(within, layer.vfsAddress(), true, () -> layer.vfs()
                .withDeadlineAfter(SocketLayer.OP_DEADLINE_S, TimeUnit.SECONDS).iput(IputRequest.newBuilder().setIno(ino).build()))
                .handle((r, err) -> {
                    if (err != null) {
                        // vfs-service's restore releases an inode no file holds
                        LOG.warnf("iput of inode %d failed: %s", ino, Futures.unwrap(err));
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Fd> getUnusedFd(Cred cred, int atFd, Trace within) {
        GetUnusedFdRequest.Builder b = GetUnusedFdRequest.newBuilder().setCred(cred);
        if (atFd >= 0) {
            b.setAtFd(atFd);
        }
        GetUnusedFdRequest req = b.build();
        return layer.call(within, layer.vfsAddress(), () -> layer.vfs().getUnusedFd(req))
                .thenApply(r -> new Fd(r.getErrno(), r.getFd()));
    }

    @Override
    public CompletableFuture<Void> putUnusedFd(Cred cred, int fd, Trace within) {
        return layer.callDetached(within, layer.vfsAddress(), true,
                () -> layer.vfs().putUnusedFd(PutUnusedFdRequest.newBuilder().setCred(cred).setFd(fd).build()))
                .handle((r, err) -> {
                    if (err != null) {
                        LOG.warnf("put_unused_fd %d of pid %d failed: %s", fd, cred.getPid(), Futures.unwrap(err));
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Fd> fdInstall(Cred cred, long ino, int fFlags, boolean cloexec, int reservedFd, int atFd, Trace within) {
        FdInstallRequest.Builder b = FdInstallRequest.newBuilder().setCred(cred).setIno(ino).setFFlags(fFlags).setCloexec(cloexec);
        if (reservedFd >= 0) {
            b.setReservedFd(reservedFd); // accept: the fd get_unused_fd_flags holds
        } else if (atFd >= 0) {
            b.setAtFd(atFd);
        }
        FdInstallRequest req = b.build();
        return layer.call(within, layer.vfsAddress(), () -> layer.vfs().fdInstall(req)).thenApply(r -> new Fd(r.getErrno(), r.getFd()));
    }

    @Override
    public CompletableFuture<File> fget(Cred cred, int fd, Trace within) {
        return layer.call(within, layer.vfsAddress(), () -> layer.vfs().fget(FgetRequest.newBuilder().setCred(cred).setFd(fd).build()))
                .thenApply(r -> new File(r.getErrno(), r.getIno(), r.getFsType(), r.getFFlags()));
    }

    /** ListTasks, then every task's fds; a task that exits meanwhile holds nothing (its files are being released). */
    @Override
    public CompletableFuture<Set<Long>> heldInodes(String fsType, Trace within) {
        return layer.callDetached(within, layer.vfsAddress(), true,
                () -> layer.processes().listTasks(ListTasksRequest.getDefaultInstance())).thenCompose(tasks -> {
                    List<CompletableFuture<List<FdInfo>>> each = new ArrayList<>();
                    for (TaskInfo t : tasks.getTasksList()) {
                        each.add(layer.callDetached(within, layer.vfsAddress(), true, () -> layer.processes()
                                .listTaskFds(ListTaskFdsRequest.newBuilder().setPid(t.getPid()).build()))
                                .handle((r, err) -> {
                                    if (err == null) {
                                        return r.getFdsList();
                                    }
                                    if (Status.fromThrowable(err).getCode() == Status.Code.NOT_FOUND) {
                                        return List.of();
                                    }
                                    throw new java.util.concurrent.CompletionException(err);
                                }));
                    }
                    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(v -> {
                        Set<Long> held = new HashSet<>();
                        for (CompletableFuture<List<FdInfo>> f : each) {
                            for (FdInfo fd : f.join()) {
                                if (fd.getFsType().equals(fsType)) {
                                    held.add(fd.getIno());
                                }
                            }
                        }
                        return held;
                    });
                });
    }
}
