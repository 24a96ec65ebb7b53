package vkernel.vfs.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.errno.v1.Errno;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.auth.TaskToken;
import vkernel.runtime.events.Step;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.FileSystemType;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;
import vkernel.vfs.v1.ExitRequest;
import vkernel.vfs.v1.ExitResponse;
import vkernel.vfs.v1.ForkRequest;
import vkernel.vfs.v1.GetrlimitRequest;
import vkernel.vfs.v1.GetrlimitResponse;
import vkernel.vfs.v1.ListTaskFdsResponse;
import vkernel.vfs.v1.ListTaskFdsRequest;
import vkernel.vfs.v1.ListTasksRequest;
import vkernel.vfs.v1.ListTasksResponse;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.SetrlimitRequest;
import vkernel.vfs.v1.SetrlimitResponse;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;
import vkernel.vfs.v1.TaskInfo;
import vkernel.vfs.v1.UnameRequest;
import vkernel.vfs.v1.UnameResponse;

/** Process calls: spawn, exit, rlimits, the task list, uname. */
@GrpcService
public class ProcessServiceImpl extends ProcessServiceGrpc.ProcessServiceImplBase {
    @Inject
    VfsState state;

    @Inject
    KernelRuntime runtime;

    /**
     * Spawn: an invalid uid or gid is EINVAL (errno data) before anything else, as
     * setresuid checks before its permissions; uid 0, capabilities or another namespace
     * need the admin credential.
     */
    @Override
    public void spawn(SpawnRequest req, StreamObserver<SpawnResponse> out) {
        Errno ids = Vfs.spawnCheckIds(req.getUid(), req.getGid());
        if (ids != Errno.ERRNO_UNSPECIFIED) {
            runtime.events().syscall("spawn", null).field("uid", Integer.toUnsignedString(req.getUid()))
                    .field("gid", Integer.toUnsignedString(req.getGid())).end(-1, ids);
            state.reply(out, SpawnResponse.newBuilder().setErrno(ids).build());
            return;
        }
        long caps = Vfs.spawnCapEffective(req.hasCapEffective() ? req.getCapEffective() : null, req.getUid());
        if (Vfs.spawnIsPrivileged(req.getUid(), caps, req.getUnshareNet(), req.getNetns()) && !Credentials.admin()) {
            out.onError(Status.PERMISSION_DENIED
                    .withDescription("spawning uid 0, with capabilities or into a namespace needs the admin credential")
                    .asRuntimeException());
            return;
        }
        Step step = runtime.events().syscall("spawn", null).field("uid", req.getUid()).field("cap_effective", Long.toHexString(caps));
        Vfs.Spawned s = state.vfs().spawn(req.getComm(), req.getUid(), req.getGid(), caps, req.getUnshareNet(), req.getNetns());
        if (s.task() == null) {
            step.end(-1, s.errno());
            state.reply(out, SpawnResponse.newBuilder().setErrno(s.errno()).build());
            return;
        }
        Task t = s.task();
        step.object("pid", t.pid()).field("netns", t.cred().getNetns()).end(t.pid(), Errno.ERRNO_UNSPECIFIED);
        state.reply(out, SpawnResponse.newBuilder()
                .setPid(t.pid())
                .setNetns(t.cred().getNetns())
                .setToken(TaskToken.sign(runtime.secret(), t.cred(), t.generation()))
                .build());
    }

    @Override
    public void fork(ForkRequest req, StreamObserver<SpawnResponse> out) {
        Task parent = state.currentTask(out);
        if (parent == null) {
            return;
        }
        Step step = runtime.events().syscall("fork", parent.cred());
        Vfs.Spawned s = state.vfs().fork(parent);
        if (s.task() == null) {
            step.end(-1, s.errno());
            state.reply(out, SpawnResponse.newBuilder().setErrno(s.errno()).build());
            return;
        }
        Task t = s.task();
        step.object("pid", t.pid()).end(t.pid(), Errno.ERRNO_UNSPECIFIED);
        state.reply(out, SpawnResponse.newBuilder()
                .setPid(t.pid())
                .setNetns(t.cred().getNetns())
                .setToken(TaskToken.sign(runtime.secret(), t.cred(), t.generation()))
                .build());
    }

    @Override
    public void exit(ExitRequest req, StreamObserver<ExitResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("exit", t.cred()).field("status", req.getStatus());
        state.exit().doExit(t, new StepTrace(step)).thenRun(() -> {
            state.forgetAnswers(t); // no retry of its calls can come now; exit's own answer is recorded after this
            step.end();
            state.reply(out, ExitResponse.getDefaultInstance());
        });
    }

    @Override
    public void setrlimit(SetrlimitRequest req, StreamObserver<SetrlimitResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Step step = runtime.events().syscall("setrlimit", t.cred()).field("resource", req.getResource())
                .field("rlim_cur", req.getSoft()).field("rlim_max", req.getHard());
        Vfs.Result r = state.vfs().setrlimit(t, req.getResource(), req.getSoft(), req.getHard());
        step.end(r.ret(), r.errno());
        state.reply(out, SetrlimitResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void getrlimit(GetrlimitRequest req, StreamObserver<GetrlimitResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        Vfs.Rlimit r = state.vfs().getrlimit(t, req.getResource());
        if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
            state.reply(out, GetrlimitResponse.newBuilder().setRet(-1).setErrno(r.errno()).build());
            return;
        }
        state.reply(out, GetrlimitResponse.newBuilder().setSoft(r.soft()).setHard(r.hard()).build());
    }

    @Override
    public void listTasks(ListTasksRequest req, StreamObserver<ListTasksResponse> out) {
        ListTasksResponse.Builder b = ListTasksResponse.newBuilder();
        for (Task t : state.vfs().tasks()) {
            b.addTasks(TaskInfo.newBuilder()
                    .setPid(t.pid()).setComm(t.comm()).setUid(t.cred().getUid()).setGid(t.cred().getGid())
                    .setCapEffective(t.cred().getCapEffective()).setNetns(t.cred().getNetns())
                    .setFdCount(t.files().openCount()));
        }
        state.reply(out, b.build());
    }

    @Override
    public void listTaskFds(ListTaskFdsRequest req, StreamObserver<ListTaskFdsResponse> out) {
        Task t = state.vfs().task(req.getPid(), 0);
        if (t == null) {
            out.onError(Status.NOT_FOUND.withDescription("no task " + req.getPid()).asRuntimeException());
            return;
        }
        state.reply(out, ListTaskFdsResponse.newBuilder().addAllFds(FileServiceImpl.fds(state.vfs(), t).getFdsList()).build());
    }

    @Override
    public void uname(UnameRequest req, StreamObserver<UnameResponse> out) {
        FileSystemType sockfs = state.fileSystems().getFsType(Vfs.SOCKFS);
        if (sockfs == null) {
            // A restarted vfs knows where the socket layer was before its first renewal: a client
            // that goes there waits for it as for any restarting layer, rather than hearing ENOSYS.
            sockfs = state.fileSystems().lastKnown(Vfs.SOCKFS);
        }
        state.reply(out, UnameResponse.newBuilder()
                .setSysname("vkernel")
                .setRelease("0.1.0")
                .setVfsAddress(runtime.publicAddress())
                .setSocketAddress(sockfs == null ? "" : sockfs.publicAddress())
                .build());
    }
}
