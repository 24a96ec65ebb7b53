package vkernel.vfs.grpc;


import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.errno.v1.Errno;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.File;
import vkernel.vfs.core.Inode;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;
import vkernel.vfs.v1.FdInstallRequest;
import vkernel.vfs.v1.FdInstallResponse;
import vkernel.vfs.v1.FgetRequest;
import vkernel.vfs.v1.FgetResponse;
import vkernel.vfs.v1.GetUnusedFdRequest;
import vkernel.vfs.v1.GetUnusedFdResponse;
import vkernel.vfs.v1.PutUnusedFdRequest;
import vkernel.vfs.v1.PutUnusedFdResponse;
import vkernel.vfs.v1.InodeServiceGrpc;
import vkernel.vfs.v1.IputRequest;
import vkernel.vfs.v1.IputResponse;
import vkernel.vfs.v1.NewInodeRequest;
import vkernel.vfs.v1.NewInodeResponse;
import vkernel.vfs.v1.SetFileFlagsRequest;
import vkernel.vfs.v1.SetFileFlagsResponse;

/** What other layers ask of vfs-service: inodes on their filesystems, fds for them, fd lookups. */
@GrpcService
public class InodeServiceImpl extends InodeServiceGrpc.InodeServiceImplBase {
    @Inject
    VfsState state;

    @Inject
    KernelRuntime runtime;

    @Override
    public void newInode(NewInodeRequest req, StreamObserver<NewInodeResponse> out) {
        Step step = runtime.events().step("new_inode_pseudo", req.getCred()).field("fs_type", req.getFsType());
        Inode i = state.vfs().newInodePseudo(req.getFsType(), req.getCred().getUid());
        step.object("ino", i.ino()).field("i_mode", "0" + Integer.toOctalString(i.mode())).end(i.ino(), Errno.ERRNO_UNSPECIFIED);
        state.reply(out, NewInodeResponse.newBuilder().setIno(i.ino()).build());
    }

    @Override
    public void iput(IputRequest req, StreamObserver<IputResponse> out) {
        Step step = runtime.events().step("iput").object("ino", req.getIno());
        state.vfs().evict(req.getIno());
        step.end();
        state.reply(out, IputResponse.getDefaultInstance());
    }

    @Override
    public void fdInstall(FdInstallRequest req, StreamObserver<FdInstallResponse> out) {
        Step step = runtime.events().step("fd_install", req.getCred()).object("ino", req.getIno())
                .field("f_flags", "0" + Integer.toOctalString(req.getFFlags())).field("close_on_exec", req.getCloexec());
        Task t = state.taskOf(req.getCred());
        if (t == null) {
            step.end(-1, Errno.ERRNO_ESRCH);
            state.reply(out, FdInstallResponse.newBuilder().setFd(-1).setErrno(Errno.ERRNO_ESRCH).build());
            return;
        }
        Vfs.Result r = state.vfs().fdInstall(t, req.getIno(), req.getFFlags(), req.getCloexec(),
                req.hasReservedFd() ? req.getReservedFd() : -1, req.hasAtFd() ? req.getAtFd() : -1);
        step.object("fd", r.ret()).end(r.ret(), r.errno());
        state.reply(out, FdInstallResponse.newBuilder().setFd((int) r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void getUnusedFd(GetUnusedFdRequest req, StreamObserver<GetUnusedFdResponse> out) {
        Step step = runtime.events().step("get_unused_fd_flags", req.getCred());
        Task t = state.taskOf(req.getCred());
        if (t == null) {
            step.end(-1, Errno.ERRNO_ESRCH);
            state.reply(out, GetUnusedFdResponse.newBuilder().setFd(-1).setErrno(Errno.ERRNO_ESRCH).build());
            return;
        }
        Vfs.Result r = state.vfs().getUnusedFd(t, req.hasAtFd() ? req.getAtFd() : -1);
        step.object("fd", r.ret()).end(r.ret(), r.errno());
        state.reply(out, GetUnusedFdResponse.newBuilder().setFd((int) r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void putUnusedFd(PutUnusedFdRequest req, StreamObserver<PutUnusedFdResponse> out) {
        Task t = state.taskOf(req.getCred());
        if (t != null) {
            state.vfs().putUnusedFd(t, req.getFd());
        }
        runtime.events().step("put_unused_fd", req.getCred()).object("fd", req.getFd()).end();
        state.reply(out, PutUnusedFdResponse.getDefaultInstance());
    }

    @Override
    public void fget(FgetRequest req, StreamObserver<FgetResponse> out) {
        Task t = state.taskOf(req.getCred());
        if (t == null) {
            state.reply(out, FgetResponse.newBuilder().setErrno(Errno.ERRNO_ESRCH).build());
            return;
        }
        File f = state.vfs().fget(t, req.getFd());
        if (f == null) {
            state.reply(out, FgetResponse.newBuilder().setErrno(Errno.ERRNO_EBADF).build());
            return;
        }
        state.reply(out, FgetResponse.newBuilder().setIno(f.inode().ino()).setFsType(f.inode().fsType())
                .setFFlags(f.fFlags()).build());
    }

    @Override
    public void setFileFlags(SetFileFlagsRequest req, StreamObserver<SetFileFlagsResponse> out) {
        Task t = state.taskOf(req.getCred());
        Errno e = t == null ? Errno.ERRNO_ESRCH
                : state.vfs().setFileFlags(t, req.getFd(), req.getFFlags());
        state.reply(out, SetFileFlagsResponse.newBuilder().setErrno(e).build());
    }
}
