package vkernel.socket.grpc;

import static vkernel.socket.grpc.SockSyscall.zeroOrMinusOne;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.cred.v1.Cred;
import vkernel.net.v1.GetnameRequest;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.v1.*;
import vkernel.uapi.Socket;

/**
 * The user-facing socket calls (net/socket.c): each looks its fd up and dispatches to
 * the family that made the socket, never knowing what the family does. socket() and
 * accept() are in SockCreate, since they make sockets.
 */
@GrpcService
public class SocketServiceImpl extends SocketServiceGrpc.SocketServiceImplBase {
    private static final SockSyscall.Shape<BindResponse> BIND = new SockSyscall.Shape<>(
            e -> BindResponse.newBuilder().setRet(-1).setErrno(e).build(), BindResponse::getRet, BindResponse::getErrno);
    private static final SockSyscall.Shape<ListenResponse> LISTEN = new SockSyscall.Shape<>(
            e -> ListenResponse.newBuilder().setRet(-1).setErrno(e).build(), ListenResponse::getRet, ListenResponse::getErrno);
    private static final SockSyscall.Shape<ConnectResponse> CONNECT = new SockSyscall.Shape<>(
            e -> ConnectResponse.newBuilder().setRet(-1).setErrno(e).build(), ConnectResponse::getRet, ConnectResponse::getErrno);
    private static final SockSyscall.Shape<GetsocknameResponse> GETSOCKNAME = new SockSyscall.Shape<>(
            e -> GetsocknameResponse.newBuilder().setRet(-1).setErrno(e).build(), GetsocknameResponse::getRet,
            GetsocknameResponse::getErrno);
    private static final SockSyscall.Shape<GetpeernameResponse> GETPEERNAME = new SockSyscall.Shape<>(
            e -> GetpeernameResponse.newBuilder().setRet(-1).setErrno(e).build(), GetpeernameResponse::getRet,
            GetpeernameResponse::getErrno);
    private static final SockSyscall.Shape<SendmsgResponse> SENDMSG = new SockSyscall.Shape<>(
            e -> SendmsgResponse.newBuilder().setRet(-1).setErrno(e).build(), SendmsgResponse::getRet, SendmsgResponse::getErrno);
    private static final SockSyscall.Shape<RecvmsgResponse> RECVMSG = new SockSyscall.Shape<>(
            e -> RecvmsgResponse.newBuilder().setRet(-1).setErrno(e).build(), RecvmsgResponse::getRet, RecvmsgResponse::getErrno);
    private static final SockSyscall.Shape<ShutdownResponse> SHUTDOWN = new SockSyscall.Shape<>(
            e -> ShutdownResponse.newBuilder().setRet(-1).setErrno(e).build(), ShutdownResponse::getRet, ShutdownResponse::getErrno);
    private static final SockSyscall.Shape<SetsockoptResponse> SETSOCKOPT = new SockSyscall.Shape<>(
            e -> SetsockoptResponse.newBuilder().setRet(-1).setErrno(e).build(), SetsockoptResponse::getRet,
            SetsockoptResponse::getErrno);
    private static final SockSyscall.Shape<GetsockoptResponse> GETSOCKOPT = new SockSyscall.Shape<>(
            e -> GetsockoptResponse.newBuilder().setRet(-1).setErrno(e).build(), GetsockoptResponse::getRet,
            GetsockoptResponse::getErrno);

    @Inject
    SocketLayer layer;

    @Inject
    SockCreate create;

    @Inject
    KernelRuntime runtime;

    @Override
    public void socket(SocketRequest req, StreamObserver<SocketResponse> out) {
        create.socket(req, out);
    }

    @Override
    public void accept(AcceptRequest req, StreamObserver<AcceptResponse> out) {
        create.accept(req, out);
    }

    /** bind(2): the family parses and checks the address. */
    @Override
    public void bind(BindRequest req, StreamObserver<BindResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("bind", cred).object("fd", req.getFd());
        SockSyscall.run(layer, cred, step, req.getFd(), out, BIND, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).bind(vkernel.net.v1.BindRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setAddr(req.getAddr()).build()))
                        .thenApply(r -> BindResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno())).setErrno(r.getErrno()).build()));
    }

    /** listen(2): __sys_listen caps the backlog at net.core.somaxconn before the family sees it. */
    @Override
    public void listen(ListenRequest req, StreamObserver<ListenResponse> out) {
        Cred cred = Credentials.task();
        int backlog = Integer.compareUnsigned(req.getBacklog(), Socket.SOMAXCONN) > 0 ? Socket.SOMAXCONN : req.getBacklog();
        Step step = runtime.events().syscall("listen", cred).object("fd", req.getFd()).field("backlog", backlog);
        SockSyscall.run(layer, cred, step, req.getFd(), out, LISTEN, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).listen(vkernel.net.v1.ListenRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setBacklog(backlog).build()))
                        .thenApply(r -> ListenResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno())).setErrno(r.getErrno()).build()));
    }

    /** connect(2): O_NONBLOCK of the file decides between waiting and EINPROGRESS. */
    @Override
    public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("connect", cred).object("fd", req.getFd());
        SockSyscall.run(layer, cred, step, req.getFd(), out, CONNECT, (l, family, s) ->
                layer.call(s, () -> family.connect(vkernel.net.v1.ConnectRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setAddr(req.getAddr()).setNonblock(l.nonblock()).build()))
                        .thenApply(r -> {
                            l.socket().setState(r.getState());
                            return ConnectResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno())).setErrno(r.getErrno()).build();
                        }));
    }

    @Override
    public void getsockname(GetsocknameRequest req, StreamObserver<GetsocknameResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("getsockname", cred).object("fd", req.getFd());
        SockSyscall.run(layer, cred, step, req.getFd(), out, GETSOCKNAME, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).getname(GetnameRequest.newBuilder().setCred(cred).setSock(l.socket().sock()).build()))
                        .thenApply(r -> GetsocknameResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno()))
                                .setErrno(r.getErrno()).setAddr(r.getAddr()).build()));
    }

    @Override
    public void getpeername(GetpeernameRequest req, StreamObserver<GetpeernameResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("getpeername", cred).object("fd", req.getFd());
        SockSyscall.run(layer, cred, step, req.getFd(), out, GETPEERNAME, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).getname(GetnameRequest.newBuilder().setCred(cred).setSock(l.socket().sock())
                                .setPeer(true).build()))
                        .thenApply(r -> GetpeernameResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno()))
                                .setErrno(r.getErrno()).setAddr(r.getAddr()).build()));
    }

    /** sendmsg(2) (send, sendto): MSG_DONTWAIT or O_NONBLOCK make it non-blocking. */
    @Override
    public void sendmsg(SendmsgRequest req, StreamObserver<SendmsgResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("sendmsg", cred).object("fd", req.getFd())
                .field("len", req.getData().size()).field("flags", req.getFlags());
        SockSyscall.run(layer, cred, step, req.getFd(), out, SENDMSG, (l, family, s) ->
                layer.call(s, () -> family.sendmsg(vkernel.net.v1.SendmsgRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setData(req.getData()).setFlags(req.getFlags()).setAddr(req.getAddr())
                        .setNonblock(l.nonblock()).build()))
                        .thenApply(r -> SendmsgResponse.newBuilder().setRet(r.getRet()).setErrno(r.getErrno()).build()));
    }

    /** recvmsg(2) (recv, recvfrom). */
    @Override
    public void recvmsg(RecvmsgRequest req, StreamObserver<RecvmsgResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("recvmsg", cred).object("fd", req.getFd())
                .field("len", req.getLen()).field("flags", req.getFlags());
        SockSyscall.run(layer, cred, step, req.getFd(), out, RECVMSG, (l, family, s) ->
                layer.call(s, () -> family.recvmsg(vkernel.net.v1.RecvmsgRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setLen(req.getLen()).setFlags(req.getFlags())
                        .setNonblock(l.nonblock()).build()))
                        .thenApply(r -> RecvmsgResponse.newBuilder().setRet(r.getRet()).setErrno(r.getErrno())
                                .setData(r.getData()).setAddr(r.getAddr()).setMsgFlags(r.getMsgFlags()).build()));
    }

    @Override
    public void shutdown(ShutdownRequest req, StreamObserver<ShutdownResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("shutdown", cred).object("fd", req.getFd()).field("how", req.getHow());
        SockSyscall.run(layer, cred, step, req.getFd(), out, SHUTDOWN, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).shutdown(vkernel.net.v1.ShutdownRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setHow(req.getHow()).build()))
                        .thenApply(r -> {
                            l.socket().setState(r.getState());
                            return ShutdownResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno())).setErrno(r.getErrno()).build();
                        }));
    }

    @Override
    public void setsockopt(SetsockoptRequest req, StreamObserver<SetsockoptResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("setsockopt", cred).object("fd", req.getFd())
                .field("level", req.getLevel()).field("optname", req.getOptname());
        SockSyscall.run(layer, cred, step, req.getFd(), out, SETSOCKOPT, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).setsockopt(vkernel.net.v1.SetsockoptRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setLevel(req.getLevel()).setOptname(req.getOptname())
                        .setOptval(req.getOptval()).build()))
                        .thenApply(r -> SetsockoptResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno())).setErrno(r.getErrno()).build()));
    }

    @Override
    public void getsockopt(GetsockoptRequest req, StreamObserver<GetsockoptResponse> out) {
        Cred cred = Credentials.task();
        Step step = runtime.events().syscall("getsockopt", cred).object("fd", req.getFd())
                .field("level", req.getLevel()).field("optname", req.getOptname());
        SockSyscall.run(layer, cred, step, req.getFd(), out, GETSOCKOPT, (l, family, s) ->
                layer.call(s, () -> layer.quick(family).getsockopt(vkernel.net.v1.GetsockoptRequest.newBuilder().setCred(cred)
                        .setSock(l.socket().sock()).setLevel(req.getLevel()).setOptname(req.getOptname())
                        .setOptlen(req.getOptlen()).build()))
                        .thenApply(r -> GetsockoptResponse.newBuilder().setRet(zeroOrMinusOne(r.getErrno()))
                                .setErrno(r.getErrno()).setOptval(r.getOptval()).build()));
    }
}
