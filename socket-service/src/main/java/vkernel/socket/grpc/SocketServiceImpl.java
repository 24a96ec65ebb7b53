package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.cred.v1.Cred;
import vkernel.kernel.trace.Trace;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.events.Step;
import vkernel.runtime.events.StepTrace;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.v1.*;

/**
 * The user-facing socket calls (net/socket.c) over gRPC: each request becomes a call of
 * the core ({@link vkernel.socket.core.SockCreate}, {@link vkernel.socket.core.SockSyscall})
 * within its syscall step, and the core's result its response.
 */
@GrpcService
public class SocketServiceImpl extends SocketServiceGrpc.SocketServiceImplBase {
    @Inject
    SocketLayer layer;

    @Inject
    KernelRuntime runtime;

    @Inject
    SocketState state;

    @Override
    public void socket(SocketRequest req, StreamObserver<SocketResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("socket", cred)
                .field("family", req.getDomain()).field("type", req.getType()).field("protocol", req.getProtocol());
        state.answer(layer.create().socket(cred, req.getDomain(), req.getType(), req.getProtocol(),
                req.hasAtFd() ? req.getAtFd() : -1, new StepTrace(step)), out,
                r -> SocketResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void accept(AcceptRequest req, StreamObserver<AcceptResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("accept4", cred).object("fd", req.getFd()).field("flags", req.getFlags());
        state.answer(layer.create().accept4(cred, req.getFd(), req.getFlags(), req.hasAtFd() ? req.getAtFd() : -1,
                new StepTrace(step)), out,
                r -> AcceptResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setAddr(r.addr()).build());
    }

    @Override
    public void bind(BindRequest req, StreamObserver<BindResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("bind", cred).object("fd", req.getFd()));
        state.answer(layer.syscalls().bind(cred, req.getFd(), req.getAddr(), t), out,
                r -> BindResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void listen(ListenRequest req, StreamObserver<ListenResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("listen", cred).object("fd", req.getFd()));
        state.answer(layer.syscalls().listen(cred, req.getFd(), req.getBacklog(), t), out,
                r -> ListenResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("connect", cred).object("fd", req.getFd()));
        state.answer(layer.syscalls().connect(cred, req.getFd(), req.getAddr(), t), out,
                r -> ConnectResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void getsockname(GetsocknameRequest req, StreamObserver<GetsocknameResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("getsockname", cred).object("fd", req.getFd()));
        state.answer(layer.syscalls().getname(cred, req.getFd(), false, t), out,
                r -> GetsocknameResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setAddr(r.addr()).build());
    }

    @Override
    public void getpeername(GetpeernameRequest req, StreamObserver<GetpeernameResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("getpeername", cred).object("fd", req.getFd()));
        state.answer(layer.syscalls().getname(cred, req.getFd(), true, t), out,
                r -> GetpeernameResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setAddr(r.addr()).build());
    }

    @Override
    public void sendmsg(SendmsgRequest req, StreamObserver<SendmsgResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("sendmsg", cred).object("fd", req.getFd())
                .field("len", req.getData().size()).field("flags", req.getFlags()));
        state.answer(layer.syscalls().sendmsg(cred, req.getFd(), req.getData(), req.getFlags(), req.getAddr(), t), out,
                r -> SendmsgResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void recvmsg(RecvmsgRequest req, StreamObserver<RecvmsgResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("recvmsg", cred).object("fd", req.getFd())
                .field("len", req.getLen()).field("flags", req.getFlags()));
        state.answer(layer.syscalls().recvmsg(cred, req.getFd(), req.getLen(), req.getFlags(), t), out,
                r -> RecvmsgResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setData(r.data()).setAddr(r.addr())
                        .setMsgFlags(r.msgFlags()).build());
    }

    @Override
    public void shutdown(ShutdownRequest req, StreamObserver<ShutdownResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("shutdown", cred).object("fd", req.getFd()).field("how", req.getHow()));
        state.answer(layer.syscalls().shutdown(cred, req.getFd(), req.getHow(), t), out,
                r -> ShutdownResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void setsockopt(SetsockoptRequest req, StreamObserver<SetsockoptResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("setsockopt", cred).object("fd", req.getFd())
                .field("level", req.getLevel()).field("optname", req.getOptname()));
        state.answer(layer.syscalls().setsockopt(cred, req.getFd(), req.getLevel(), req.getOptname(), req.getOptval(), t), out,
                r -> SetsockoptResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
    }

    @Override
    public void getsockopt(GetsockoptRequest req, StreamObserver<GetsockoptResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("getsockopt", cred).object("fd", req.getFd())
                .field("level", req.getLevel()).field("optname", req.getOptname()));
        state.answer(layer.syscalls().getsockopt(cred, req.getFd(), req.getLevel(), req.getOptname(), req.getOptlen(), t), out,
                r -> GetsockoptResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setOptval(r.optval()).build());
    }

    @Override
    public void ioctl(IoctlRequest req, StreamObserver<IoctlResponse> out) {
        Cred cred = Credentials.task();
        Trace t = trace(runtime.events().syscall("ioctl", cred).object("fd", req.getFd()).field("cmd", req.getCmd()));
        state.answer(layer.syscalls().ioctl(cred, req.getFd(), req.getCmd(), req.getArg(), t), out,
                r -> IoctlResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).setArg(r.arg()).build());
    }

    private static Trace trace(Step step) {
        return new StepTrace(step);
    }
}
