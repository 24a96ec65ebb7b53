package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.kernel.sched.Revents;
import vkernel.runtime.state.LayerState;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.v1.FileOperationsServiceGrpc;
import vkernel.vfs.v1.FileOperationsServicePollRequest;
import vkernel.vfs.v1.FileOperationsServicePollResponse;
import vkernel.vfs.v1.NetnsExitRequest;
import vkernel.vfs.v1.NetnsExitResponse;
import vkernel.vfs.v1.ReadIterRequest;
import vkernel.vfs.v1.ReadIterResponse;
import vkernel.vfs.v1.ReleaseRequest;
import vkernel.vfs.v1.ReleaseResponse;
import vkernel.vfs.v1.WriteIterRequest;
import vkernel.vfs.v1.WriteIterResponse;

/** socket_file_ops for vfs-service over gRPC: each call is a call of the core's {@link vkernel.socket.core.SockfsFileOps}. */
@GrpcService
public class SockfsFileOperations extends FileOperationsServiceGrpc.FileOperationsServiceImplBase {
    @Inject
    SocketLayer layer;

    @Inject
    KernelRuntime runtime;

    @Inject
    SocketState state;

    @Inject
    LayerState layerState;

    @Override
    public void release(ReleaseRequest req, StreamObserver<ReleaseResponse> out) {
        StepTrace t = new StepTrace(runtime.events().step("sock_close").object("ino", req.getIno()));
        state.answer(layer.fileOps().release(req.getIno(), t), out, r -> ReleaseResponse.getDefaultInstance());
    }

    @Override
    public void readIter(ReadIterRequest req, StreamObserver<ReadIterResponse> out) {
        StepTrace t = new StepTrace(runtime.events().step("sock_read_iter", req.getCred()).object("ino", req.getIno()));
        state.answer(layer.fileOps().readIter(req.getCred(), req.getIno(), req.getFFlags(), req.getCount(), t), out,
                r -> ReadIterResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setData(r.data()).build());
    }

    @Override
    public void writeIter(WriteIterRequest req, StreamObserver<WriteIterResponse> out) {
        StepTrace t = new StepTrace(runtime.events().step("sock_write_iter", req.getCred()).object("ino", req.getIno()));
        state.answer(layer.fileOps().writeIter(req.getCred(), req.getIno(), req.getFFlags(), req.getData(), t), out,
                r -> WriteIterResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void poll(FileOperationsServicePollRequest req, StreamObserver<FileOperationsServicePollResponse> out) {
        StepTrace t = new StepTrace(runtime.events().step("sock_poll", req.getCred()).object("ino", req.getIno()));
        long afterWake = req.getEdge() ? req.getAfterWake() : Revents.LEVEL;
        state.answer(layer.fileOps().poll(req.getCred(), req.getIno(), req.getEvents(), req.getTimeoutMs(), afterWake, t), out,
                r -> FileOperationsServicePollResponse.newBuilder().setRevents(r.mask()).setWakes(r.wakes()).build());
    }

    /** pernet exit, to every family that is registered now. */
    @Override
    public void netnsExit(NetnsExitRequest req, StreamObserver<NetnsExitResponse> out) {
        StepTrace t = new StepTrace(runtime.events().step("cleanup_net").object("netns", req.getNetns()));
        layerState.netnsExited(req.getNetns());
        state.answer(layer.fileOps().netnsExit(req.getNetns(), t), out, r -> NetnsExitResponse.getDefaultInstance());
    }
}
