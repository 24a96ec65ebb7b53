package vkernel.vfs.grpc;


import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.runtime.events.Step;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.Eventpolls;
import vkernel.vfs.core.File;
import vkernel.vfs.core.Select;
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
import vkernel.vfs.v1.EpollCreate1Request;
import vkernel.vfs.v1.EpollCreateRequest;
import vkernel.vfs.v1.EpollCreateResponse;
import vkernel.vfs.v1.EpollCtlRequest;
import vkernel.vfs.v1.EpollCtlResponse;
import vkernel.vfs.v1.EpollEvent;
import vkernel.vfs.v1.EpollWaitRequest;
import vkernel.vfs.v1.EpollWaitResponse;
import vkernel.vfs.v1.PollFd;
import vkernel.vfs.v1.PollRequest;
import vkernel.vfs.v1.PollResponse;
import vkernel.vfs.v1.ReadRequest;
import vkernel.vfs.v1.ReadResponse;
import vkernel.vfs.v1.WriteRequest;
import vkernel.vfs.v1.WriteResponse;

/** The user-facing file calls: requests to the core (Files, ReadWrite, Select) and its answers back. */
@GrpcService
public class FileServiceImpl extends FileServiceGrpc.FileServiceImplBase {
    @Inject
    VfsState state;

    @Inject
    KernelRuntime runtime;

    /** close(2): the fd goes at once; the file is released on its last reference, before the reply. */
    @Override
    public void close(CloseRequest req, StreamObserver<CloseResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("close", t.cred()).object("fd", req.getFd());
        state.files().close(t, req.getFd(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            state.reply(out, CloseResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
        });
    }

    @Override
    public void dup(DupRequest req, StreamObserver<DupResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("dup", t.cred()).object("oldfd", req.getOldfd());
        Vfs.Result r = state.files().dup(t, req.getOldfd());
        step.end(r.ret(), r.errno());
        state.reply(out, DupResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void dup2(Dup2Request req, StreamObserver<Dup2Response> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("dup2", t.cred()).object("oldfd", req.getOldfd()).object("newfd", req.getNewfd());
        state.files().dup2(t, req.getOldfd(), req.getNewfd(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            state.reply(out, Dup2Response.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
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
        state.files().dup3(t, req.getOldfd(), req.getNewfd(), req.getFlags(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            state.reply(out, Dup3Response.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
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
        Vfs.Result r = state.files().fcntl(t, req.getFd(), req.getCmd(), req.getArg());
        step.end(r.ret(), r.errno());
        state.reply(out, FcntlResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void read(ReadRequest req, StreamObserver<ReadResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("read", t.cred()).object("fd", req.getFd()).field("count", req.getCount());
        state.readWrite().ksysRead(t, req.getFd(), req.getCount(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            state.reply(out, ReadResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setData(r.data()).build());
        });
    }

    @Override
    public void write(WriteRequest req, StreamObserver<WriteResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("write", t.cred()).object("fd", req.getFd()).field("count", req.getData().size());
        state.readWrite().ksysWrite(t, req.getFd(), req.getData(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            state.reply(out, WriteResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
        });
    }

    @Override
    public void poll(PollRequest req, StreamObserver<PollResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("poll", t.cred()).field("nfds", req.getFdsCount()).field("timeout", req.getTimeoutMs());
        state.select().doSysPoll(t, req.getFdsCount(), () -> pollfds(req), req.getTimeoutMs(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            state.reply(out, PollResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).addAllRevents(r.revents()).build());
        });
    }

    @Override
    public void epollCreate(EpollCreateRequest req, StreamObserver<EpollCreateResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("epoll_create", t.cred()).field("size", req.getSize());
        Vfs.Result r = state.eventpolls().epollCreate(t, req.getSize());
        step.end(r.ret(), r.errno());
        state.reply(out, EpollCreateResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void epollCreate1(EpollCreate1Request req, StreamObserver<EpollCreateResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("epoll_create1", t.cred()).field("flags", req.getFlags());
        Vfs.Result r = state.eventpolls().epollCreate1(t, req.getFlags(), req.hasAtFd() ? req.getAtFd() : -1);
        step.end(r.ret(), r.errno());
        state.reply(out, EpollCreateResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void epollCtl(EpollCtlRequest req, StreamObserver<EpollCtlResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("epoll_ctl", t.cred()).object("epfd", req.getEpfd()).field("op", req.getOp())
                .object("fd", req.getFd()).field("events", req.getEvent().getEvents());
        Eventpolls.Event event = req.hasEvent() ? new Eventpolls.Event(req.getEvent().getEvents(), req.getEvent().getData()) : null;
        state.eventpolls().epollCtl(t, req.getEpfd(), req.getOp(), req.getFd(), event, new StepTrace(step)).thenAccept(e -> {
            long ret = e == Errno.ERRNO_UNSPECIFIED ? 0 : -1;
            step.end(ret, e);
            state.reply(out, EpollCtlResponse.newBuilder().setRet(ret).setErrno(e).build());
        });
    }

    @Override
    public void epollWait(EpollWaitRequest req, StreamObserver<EpollWaitResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("epoll_wait", t.cred()).object("epfd", req.getEpfd())
                .field("maxevents", req.getMaxevents()).field("timeout", req.getTimeoutMs());
        state.eventpolls().epollWait(t, req.getEpfd(), req.getMaxevents(), req.getTimeoutMs(), new StepTrace(step)).thenAccept(r -> {
            step.end(r.ret(), r.errno());
            EpollWaitResponse.Builder b = EpollWaitResponse.newBuilder().setRet(r.ret()).setErrno(r.errno());
            r.events().forEach(e -> b.addEvents(EpollEvent.newBuilder().setEvents(e.events()).setData(e.data())));
            state.reply(out, b.build());
        });
    }

    private static List<Select.Pollfd> pollfds(PollRequest req) {
        List<Select.Pollfd> fds = new ArrayList<>(req.getFdsCount());
        for (PollFd pfd : req.getFdsList()) {
            fds.add(new Select.Pollfd(pfd.getFd(), pfd.getEvents()));
        }
        return fds;
    }

    @Override
    public void fstat(FstatRequest req, StreamObserver<FstatResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        File f = state.vfs().fget(t, req.getFd());
        if (f == null) {
            state.reply(out, FstatResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EBADF).build());
            return;
        }
        state.reply(out, FstatResponse.newBuilder().setIno(f.inode().ino()).setMode(f.inode().mode())
                .setFsType(f.inode().fsType()).build());
    }

    @Override
    public void listFds(ListFdsRequest req, StreamObserver<ListFdsResponse> out) {
        Task t = state.currentTask(out);
        if (t != null) {
            state.reply(out, fds(state.vfs(), t));
        }
    }

    /** /proc/PID/fd: every open fd of the task and its file. */
    static ListFdsResponse fds(Vfs vfs, Task t) {
        ListFdsResponse.Builder b = ListFdsResponse.newBuilder();
        for (Vfs.FdInfo i : vfs.openFiles(t)) {
            b.addFds(FdInfo.newBuilder().setFd(i.fd()).setIno(i.ino()).setFsType(i.fsType())
                    .setFFlags(i.fFlags()).setCloexec(i.cloexec()).setFCount(i.fCount()));
        }
        return b.build();
    }
}
