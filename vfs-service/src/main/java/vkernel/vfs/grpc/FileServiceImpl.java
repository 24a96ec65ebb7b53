package vkernel.vfs.grpc;

import static vkernel.vfs.grpc.ProcessServiceImpl.reply;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import vkernel.errno.v1.Errno;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.File;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;
import vkernel.vfs.v1.CloseRequest;
import vkernel.vfs.v1.CloseResponse;
import vkernel.vfs.v1.Dup2Request;
import vkernel.vfs.v1.Dup2Response;
import vkernel.vfs.v1.Dup3Request;
import vkernel.vfs.v1.Dup3Response;
import vkernel.vfs.v1.DupRequest;
import vkernel.vfs.v1.DupResponse;
import vkernel.vfs.v1.FcntlRequest;
import vkernel.vfs.v1.FcntlResponse;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.FileServiceGrpc;
import vkernel.vfs.v1.FstatRequest;
import vkernel.vfs.v1.FstatResponse;
import vkernel.vfs.v1.ListFdsRequest;
import vkernel.vfs.v1.ListFdsResponse;
import vkernel.vfs.v1.PollRequest;
import vkernel.vfs.v1.PollResponse;
import vkernel.vfs.v1.ReadRequest;
import vkernel.vfs.v1.ReadResponse;
import vkernel.vfs.v1.WriteRequest;
import vkernel.vfs.v1.WriteResponse;

/** The user-facing file calls; read, write and poll go to the file's owner (FileIo). */
@GrpcService
public class FileServiceImpl extends FileServiceGrpc.FileServiceImplBase {
    @Inject
    VfsState state;

    @Inject
    FileOwners owners;

    @Inject
    FileIo io;

    @Inject
    KernelRuntime runtime;

    /** close(2): the fd goes at once; the file is released on its last reference. */
    @Override
    public void close(CloseRequest req, StreamObserver<CloseResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("close", t.cred()).object("fd", req.getFd());
        Step closeFd = step.child("close_fd").object("fd", req.getFd());
        Vfs.Result r = state.vfs().close(t, req.getFd());
        closeFd.end(r.ret(), r.errno());
        // As Linux runs __fput (task_work) before close returns to the caller, the
        // release reaches the family before the reply: the peer sees the FIN at once.
        owners.release(r.released(), step).whenComplete((v, e) -> {
            step.end(r.ret(), r.errno());
            reply(out, CloseResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
        });
    }

    @Override
    public void dup(DupRequest req, StreamObserver<DupResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("dup", t.cred()).object("oldfd", req.getOldfd());
        Vfs.Result r = state.vfs().dup(t, req.getOldfd());
        step.end(r.ret(), r.errno());
        reply(out, DupResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void dup2(Dup2Request req, StreamObserver<Dup2Response> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("dup2", t.cred()).object("oldfd", req.getOldfd()).object("newfd", req.getNewfd());
        Vfs.Result r = state.vfs().dup2(t, req.getOldfd(), req.getNewfd());
        owners.release(r.released(), step).whenComplete((v, e) -> {
            step.end(r.ret(), r.errno());
            reply(out, Dup2Response.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
        });
    }

    @Override
    public void dup3(Dup3Request req, StreamObserver<Dup3Response> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("dup3", t.cred()).object("oldfd", req.getOldfd())
                .object("newfd", req.getNewfd()).field("flags", req.getFlags());
        Vfs.Result r = state.vfs().dup3(t, req.getOldfd(), req.getNewfd(), req.getFlags());
        owners.release(r.released(), step).whenComplete((v, e) -> {
            step.end(r.ret(), r.errno());
            reply(out, Dup3Response.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
        });
    }

    @Override
    public void fcntl(FcntlRequest req, StreamObserver<FcntlResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("fcntl", t.cred()).object("fd", req.getFd())
                .field("cmd", req.getCmd()).field("arg", req.getArg());
        Vfs.Result r = state.vfs().fcntl(t, req.getFd(), req.getCmd(), req.getArg());
        step.end(r.ret(), r.errno());
        reply(out, FcntlResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void read(ReadRequest req, StreamObserver<ReadResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("read", t.cred()).object("fd", req.getFd()).field("count", req.getCount());
        CompletableFuture<ReadResponse> r = io.read(t, req.getFd(), req.getCount(), step);
        r.whenComplete((resp, err) -> {
            ReadResponse answer = err == null ? resp : ReadResponse.newBuilder().setRet(-1).setErrno(failed(step)).build();
            step.end(answer.getRet(), answer.getErrno());
            reply(out, answer);
        });
    }

    @Override
    public void write(WriteRequest req, StreamObserver<WriteResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("write", t.cred()).object("fd", req.getFd()).field("count", req.getData().size());
        io.write(t, req.getFd(), req.getData(), step).whenComplete((resp, err) -> {
            WriteResponse answer = err == null ? resp : WriteResponse.newBuilder().setRet(-1).setErrno(failed(step)).build();
            step.end(answer.getRet(), answer.getErrno());
            reply(out, answer);
        });
    }

    /** A call to the file's owner failed: a signal if the caller's time ran out (EINTR), else EIO. */
    private static Errno failed(Step step) {
        return step.callerCancelled() ? Errno.ERRNO_EINTR : Errno.ERRNO_EIO;
    }

    @Override
    public void poll(PollRequest req, StreamObserver<PollResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("poll", t.cred()).field("nfds", req.getFdsCount()).field("timeout", req.getTimeoutMs());
        io.poll(t, req.getFdsList(), req.getTimeoutMs(), step).whenComplete((resp, err) -> {
            PollResponse answer = err == null ? resp : PollResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EINTR).build();
            step.end(answer.getRet(), answer.getErrno());
            reply(out, answer);
        });
    }

    @Override
    public void fstat(FstatRequest req, StreamObserver<FstatResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        File f = state.vfs().fget(t, req.getFd());
        if (f == null) {
            reply(out, FstatResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EBADF).build());
            return;
        }
        reply(out, FstatResponse.newBuilder().setIno(f.inode().ino()).setMode(f.inode().mode())
                .setFsType(f.inode().fsType()).build());
    }

    @Override
    public void listFds(ListFdsRequest req, StreamObserver<ListFdsResponse> out) {
        Task t = state.currentTask(out);
        if (t != null) {
            reply(out, fds(state.vfs(), t));
        }
    }

    /** /proc/PID/fd: every open fd of the task and its file. */
    static ListFdsResponse fds(Vfs vfs, Task t) {
        ListFdsResponse.Builder b = ListFdsResponse.newBuilder();
        synchronized (vfs) {
            for (int fd : t.files().openFds()) {
                File f = t.files().lookup(fd);
                b.addFds(FdInfo.newBuilder().setFd(fd).setIno(f.inode().ino()).setFsType(f.inode().fsType())
                        .setFFlags(f.fFlags()).setCloexec(t.files().closeOnExec(fd)).setFCount(f.fCount()));
            }
        }
        return b.build();
    }
}
