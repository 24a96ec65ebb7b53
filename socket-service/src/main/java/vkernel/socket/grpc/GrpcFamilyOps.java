package vkernel.socket.grpc;

import static vkernel.socket.grpc.SocketLayer.quick;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.net.v1.AcceptRequest;
import vkernel.net.v1.BindRequest;
import vkernel.net.v1.ConnectRequest;
import vkernel.net.v1.CreateRequest;
import vkernel.net.v1.DevIoctlRequest;
import vkernel.net.v1.GetnameRequest;
import vkernel.net.v1.GetsockoptRequest;
import vkernel.net.v1.IoctlRequest;
import vkernel.net.v1.IoctlResponse;
import vkernel.net.v1.ListSocksRequest;
import vkernel.net.v1.ListenRequest;
import vkernel.net.v1.NetnsExitRequest;
import vkernel.net.v1.PollRequest;
import vkernel.net.v1.ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub;
import vkernel.net.v1.RecvmsgRequest;
import vkernel.net.v1.ReleaseRequest;
import vkernel.net.v1.SendmsgRequest;
import vkernel.net.v1.SetsockoptRequest;
import vkernel.net.v1.ShutdownRequest;
import vkernel.socket.core.FamilyOps;

/**
 * The core's {@link FamilyOps} port over the family contract (ProtoOpsService) of the
 * service at one address. Ops that never sleep get {@link SocketLayer#OP_DEADLINE_S};
 * ops that sleep (connect, accept, sendmsg, recvmsg, poll) keep the caller's deadline.
 */
final class GrpcFamilyOps implements FamilyOps {
    private final SocketLayer layer;
    private final String address;
    private final ProtoOpsServiceFutureStub stub;

    GrpcFamilyOps(SocketLayer layer, String address) {
        this.layer = layer;
        this.address = address;
        this.stub = layer.family(address);
    }

    @Override
    public CompletableFuture<Created> create(Cred cred, int type, int protocol, long ino, Trace within) {
        CreateRequest req = CreateRequest.newBuilder().setCred(cred).setType(type).setProtocol(protocol).setIno(ino).build();
        return layer.call(within, address, () -> quick(stub).create(req)).thenApply(r -> new Created(r.getErrno(), r.getSock(), r.getState()));
    }

    @Override
    public CompletableFuture<Void> release(long sock, Trace within) {
        // Tried once: sock_release's queue keeps trying until the family has released it.
        return layer.callDetached(within, address, false, () -> quick(stub).release(ReleaseRequest.newBuilder().setSock(sock).build()))
                .thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Errno> bind(Cred cred, long sock, ByteString addr, Trace within) {
        return layer.call(within, address, () -> quick(stub).bind(BindRequest.newBuilder().setCred(cred).setSock(sock).setAddr(addr).build()))
                .thenApply(r -> r.getErrno());
    }

    @Override
    public CompletableFuture<StateChange> connect(Cred cred, long sock, ByteString addr, boolean nonblock, Trace within) {
        return layer.call(within, address, () -> stub.connect(ConnectRequest.newBuilder().setCred(cred).setSock(sock).setAddr(addr)
                .setNonblock(nonblock).build())).thenApply(r -> new StateChange(r.getErrno(), r.getState()));
    }

    @Override
    public CompletableFuture<Errno> listen(Cred cred, long sock, int backlog, Trace within) {
        return layer.call(within, address, () -> quick(stub).listen(ListenRequest.newBuilder().setCred(cred).setSock(sock)
                .setBacklog(backlog).build())).thenApply(r -> r.getErrno());
    }

    @Override
    public CompletableFuture<Accepted> accept(Cred cred, long sock, boolean nonblock, long newIno, Trace within) {
        return layer.call(within, address, () -> stub.accept(AcceptRequest.newBuilder().setCred(cred).setSock(sock).setNonblock(nonblock)
                .setNewIno(newIno).build())).thenApply(r -> new Accepted(r.getErrno(), r.getNewSock(), r.getState(), r.getAddr()));
    }

    @Override
    public CompletableFuture<Name> getname(Cred cred, long sock, boolean peer, Trace within) {
        return layer.call(within, address, () -> quick(stub).getname(GetnameRequest.newBuilder().setCred(cred).setSock(sock)
                .setPeer(peer).build())).thenApply(r -> new Name(r.getErrno(), r.getAddr()));
    }

    @Override
    public CompletableFuture<Transferred> sendmsg(Cred cred, long sock, ByteString data, int flags, ByteString addr,
            boolean nonblock, Trace within) {
        return layer.call(within, address, () -> stub.sendmsg(SendmsgRequest.newBuilder().setCred(cred).setSock(sock).setData(data)
                .setFlags(flags).setAddr(addr).setNonblock(nonblock).build()))
                .thenApply(r -> new Transferred(r.getRet(), r.getErrno()));
    }

    @Override
    public CompletableFuture<Received> recvmsg(Cred cred, long sock, long len, int flags, boolean nonblock, Trace within) {
        return layer.call(within, address, () -> stub.recvmsg(RecvmsgRequest.newBuilder().setCred(cred).setSock(sock).setLen(len)
                .setFlags(flags).setNonblock(nonblock).build()))
                .thenApply(r -> new Received(r.getRet(), r.getErrno(), r.getData(), r.getAddr(), r.getMsgFlags()));
    }

    @Override
    public CompletableFuture<StateChange> shutdown(Cred cred, long sock, int how, Trace within) {
        return layer.call(within, address, () -> quick(stub).shutdown(ShutdownRequest.newBuilder().setCred(cred).setSock(sock)
                .setHow(how).build())).thenApply(r -> new StateChange(r.getErrno(), r.getState()));
    }

    @Override
    public CompletableFuture<Errno> setsockopt(Cred cred, long sock, int level, int optname, ByteString optval, Trace within) {
        return layer.call(within, address, () -> quick(stub).setsockopt(SetsockoptRequest.newBuilder().setCred(cred).setSock(sock)
                .setLevel(level).setOptname(optname).setOptval(optval).build())).thenApply(r -> r.getErrno());
    }

    @Override
    public CompletableFuture<Optval> getsockopt(Cred cred, long sock, int level, int optname, int optlen, Trace within) {
        return layer.call(within, address, () -> quick(stub).getsockopt(GetsockoptRequest.newBuilder().setCred(cred).setSock(sock)
                .setLevel(level).setOptname(optname).setOptlen(optlen).build()))
                .thenApply(r -> new Optval(r.getErrno(), r.getOptval()));
    }

    @Override
    public CompletableFuture<Revents> poll(Cred cred, long sock, int events, int timeoutMs, long afterWake, Trace within) {
        return layer.call(within, address, () -> stub.poll(PollRequest.newBuilder().setCred(cred).setSock(sock).setEvents(events)
                .setTimeoutMs(timeoutMs).setEdge(afterWake >= 0).setAfterWake(Math.max(0, afterWake)).build()))
                .thenApply(r -> new Revents(r.getRevents(), r.getWakes()));
    }

    @Override
    public CompletableFuture<Ioctl> ioctl(Cred cred, long sock, int cmd, ByteString arg, Trace within) {
        return unknownIfUnimplemented(layer.call(within, address, () -> quick(stub).ioctl(IoctlRequest.newBuilder().setCred(cred)
                .setSock(sock).setCmd(cmd).setArg(arg).build())));
    }

    @Override
    public CompletableFuture<Ioctl> devIoctl(Cred cred, long netns, int cmd, ByteString arg, Trace within) {
        return unknownIfUnimplemented(layer.call(within, address, () -> quick(stub).devIoctl(DevIoctlRequest.newBuilder()
                .setCred(cred).setNetns(netns).setCmd(cmd).setArg(arg).build())));
    }

    /** A family whose service has no ioctl serves no command (the kernel's ops->ioctl of -ENOIOCTLCMD). */
    private static CompletableFuture<Ioctl> unknownIfUnimplemented(CompletableFuture<IoctlResponse> call) {
        return call.handle((r, err) -> {
            if (err == null) {
                return new Ioctl(r.getErrno(), r.getArg(), r.getUnknown());
            }
            if (Status.fromThrowable(err).getCode() == Status.Code.UNIMPLEMENTED) {
                return Ioctl.UNKNOWN;
            }
            throw err instanceof CompletionException ce ? ce : new CompletionException(err);
        });
    }

    /** A family whose service predates ListSocks answers UNIMPLEMENTED: it cannot list (null). */
    @Override
    public CompletableFuture<List<SockIno>> listSocks(Trace within) {
        return layer.callDetached(within, address, true, () -> quick(stub).listSocks(ListSocksRequest.getDefaultInstance()))
                .handle((r, err) -> {
                    if (err != null) {
                        if (Status.fromThrowable(err).getCode() != Status.Code.UNIMPLEMENTED) {
                            throw new CompletionException(err);
                        }
                        return null;
                    }
                    List<SockIno> out = new ArrayList<>(r.getSocksCount());
                    for (vkernel.net.v1.SockIno si : r.getSocksList()) {
                        out.add(new SockIno(si.getSock(), si.getIno()));
                    }
                    return out;
                });
    }

    @Override
    public CompletableFuture<Void> netnsExit(long netns, Trace within) {
        return layer.call(within, address, () -> stub.netnsExit(NetnsExitRequest.newBuilder().setNetns(netns).build())).thenApply(r -> null);
    }
}
