package vkernel.vfs.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.errno.v1.Errno;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.auth.TaskToken;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.uapi.Capability;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;
import vkernel.vfs.v1.ExitRequest;
import vkernel.vfs.v1.ExitResponse;
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
    FileOwners owners;

    @Inject
    KernelRuntime runtime;

    /** Spawn: uid 0, capabilities or another namespace need the admin credential. */
    @Override
    public void spawn(SpawnRequest req, StreamObserver<SpawnResponse> out) {
        long caps = req.hasCapEffective() ? req.getCapEffective() : (req.getUid() == 0 ? Capability.CAP_FULL_SET : 0);
        boolean privileged = req.getUid() == 0 || caps != 0 || (!req.getUnshareNet() && req.getNetns() != 0);
        if (privileged && !Credentials.admin()) {
            out.onError(Status.PERMISSION_DENIED
                    .withDescription("spawning uid 0, with capabilities or into a namespace needs the admin credential")
                    .asRuntimeException());
            return;
        }
        Step step = runtime.events().syscall("spawn", null).field("uid", req.getUid()).field("cap_effective", Long.toHexString(caps));
        Vfs.Spawned s = state.vfs().spawn(req.getComm(), req.getUid(), req.getGid(), caps, req.getUnshareNet(), req.getNetns());
        if (s.task() == null) {
            step.end(-1, s.errno());
            reply(out, SpawnResponse.newBuilder().setErrno(s.errno()).build());
            return;
        }
        Task t = s.task();
        step.object("pid", t.pid()).field("netns", t.cred().getNetns()).end(t.pid(), Errno.ERRNO_UNSPECIFIED);
        reply(out, SpawnResponse.newBuilder()
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
        Step doExit = step.child("do_exit");
        Vfs.Exited ex = state.vfs().exit(t);
        owners.release(ex.released(), doExit).whenComplete((r, err) -> {
            if (ex.deadNetns() >= 0) {
                owners.netnsExit(ex.deadNetns(), doExit.child("cleanup_net").object("netns", ex.deadNetns()));
            }
            doExit.end();
            step.end();
            reply(out, ExitResponse.getDefaultInstance());
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
        reply(out, SetrlimitResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void getrlimit(GetrlimitRequest req, StreamObserver<GetrlimitResponse> out) {
        Task t = state.currentTask(out);
        if (t == null) {
            return;
        }
        if (req.getResource() < 0 || req.getResource() >= 16) {
            reply(out, GetrlimitResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EINVAL).build());
            return;
        }
        boolean nofile = req.getResource() == vkernel.uapi.Resource.RLIMIT_NOFILE;
        reply(out, GetrlimitResponse.newBuilder()
                .setSoft(nofile ? t.nofileSoft() : vkernel.uapi.Resource.RLIM_INFINITY)
                .setHard(nofile ? t.nofileHard() : vkernel.uapi.Resource.RLIM_INFINITY)
                .build());
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
        reply(out, b.build());
    }

    @Override
    public void listTaskFds(ListTaskFdsRequest req, StreamObserver<ListTaskFdsResponse> out) {
        Task t = state.vfs().task(req.getPid(), 0);
        if (t == null) {
            out.onError(Status.NOT_FOUND.withDescription("no task " + req.getPid()).asRuntimeException());
            return;
        }
        reply(out, ListTaskFdsResponse.newBuilder().addAllFds(FileServiceImpl.fds(state.vfs(), t).getFdsList()).build());
    }

    @Override
    public void uname(UnameRequest req, StreamObserver<UnameResponse> out) {
        String sock = owners.publicAddress(Vfs.SOCKFS);
        reply(out, UnameResponse.newBuilder()
                .setSysname("vkernel")
                .setRelease("0.1.0")
                .setVfsAddress(runtime.publicAddress())
                .setSocketAddress(sock == null || !owners.live(Vfs.SOCKFS) ? "" : sock)
                .build());
    }

    static <T> void reply(StreamObserver<T> out, T value) {
        out.onNext(value);
        out.onCompleted();
    }
}
