package vkernel.netlink.grpc;

import vkernel.runtime.state.LayerState;
import vkernel.runtime.events.StepTrace;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.net.core.SockOptions;
import vkernel.net.v1.*;
import vkernel.netlink.core.AfNetlink;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;

/**
 * netlink_ops and netlink_family_ops (net/netlink/af_netlink.c) as the family contract
 * socket-service calls for PF_NETLINK. Thin: each call is one core operation and one
 * event step. listen, accept and shutdown are the kernel's sock_no_* stubs.
 */
@GrpcService
public class NetlinkProtoOps extends ProtoOpsServiceGrpc.ProtoOpsServiceImplBase {
    private static final Logger LOG = Logger.getLogger(NetlinkProtoOps.class);

    @Inject
    NetlinkLayer layer;

    @Inject
    KernelRuntime runtime;

    @Inject
    NetlinkState state;

    @Inject
    LayerState layerState;

    private AfNetlink af() {
        return layer.af();
    }

    /**
     * Replies with what answer computes, once the changes it made are durable; a bug
     * becomes EIO for the caller, never a gRPC error.
     */
    private <T> void reply(StreamObserver<T> out, Supplier<T> answer, Supplier<T> onBug) {
        T r;
        try {
            r = answer.get();
        } catch (RuntimeException e) {
            LOG.error("netlink call failed", e);
            r = onBug.get();
        }
        state.reply(out, r);
    }

    /** netlink_create. */
    @Override
    public void create(CreateRequest req, StreamObserver<CreateResponse> out) {
        Step s = runtime.events().step("netlink_create", req.getCred()).field("type", req.getType())
                .field("protocol", req.getProtocol()).object("ino", req.getIno());
        reply(out, () -> {
            AfNetlink.Created c = af().create(req.getCred(), req.getType(), req.getProtocol(), req.getIno(),
                    new StepTrace(s));
            s.end(c.errno() == Errno.ERRNO_UNSPECIFIED ? c.sock() : -1, c.errno());
            return CreateResponse.newBuilder().setErrno(c.errno()).setSock(c.sock())
                    .setState(SocketState.SOCKET_STATE_SS_UNCONNECTED).build();
        }, () -> CreateResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    /** netlink_release. */
    @Override
    public void release(ReleaseRequest req, StreamObserver<ReleaseResponse> out) {
        Step s = runtime.events().step("netlink_release").object("sock", req.getSock());
        reply(out, () -> {
            af().release(req.getSock());
            s.end();
            return ReleaseResponse.getDefaultInstance();
        }, ReleaseResponse::getDefaultInstance);
    }

    /** netlink_bind. */
    @Override
    public void bind(BindRequest req, StreamObserver<BindResponse> out) {
        Step s = runtime.events().step("netlink_bind", req.getCred()).object("sock", req.getSock());
        reply(out, () -> {
            Errno e = af().bind(req.getCred(), req.getSock(), req.getAddr().toByteArray(), new StepTrace(s));
            s.endErrno(e);
            return BindResponse.newBuilder().setErrno(e).build();
        }, () -> BindResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    /** netlink_connect: sock->state stays SS_UNCONNECTED; the sock remembers its peer. */
    @Override
    public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
        Step s = runtime.events().step("netlink_connect", req.getCred()).object("sock", req.getSock());
        reply(out, () -> {
            Errno e = af().connect(req.getCred(), req.getSock(), req.getAddr().toByteArray(), new StepTrace(s));
            s.endErrno(e);
            return ConnectResponse.newBuilder().setErrno(e).setState(SocketState.SOCKET_STATE_SS_UNCONNECTED).build();
        }, () -> ConnectResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    /** sock_no_listen. */
    @Override
    public void listen(ListenRequest req, StreamObserver<ListenResponse> out) {
        state.reply(out, ListenResponse.newBuilder().setErrno(Errno.ERRNO_EOPNOTSUPP).build());
    }

    /** sock_no_accept. */
    @Override
    public void accept(AcceptRequest req, StreamObserver<AcceptResponse> out) {
        state.reply(out, AcceptResponse.newBuilder().setErrno(Errno.ERRNO_EOPNOTSUPP).build());
    }

    /** sock_no_shutdown. */
    @Override
    public void shutdown(ShutdownRequest req, StreamObserver<ShutdownResponse> out) {
        state.reply(out, ShutdownResponse.newBuilder().setErrno(Errno.ERRNO_EOPNOTSUPP)
                .setState(SocketState.SOCKET_STATE_SS_UNCONNECTED).build());
    }

    /** netlink_getname. */
    @Override
    public void getname(GetnameRequest req, StreamObserver<GetnameResponse> out) {
        reply(out, () -> {
            AfNetlink.Name n = af().getname(req.getSock(), req.getPeer());
            return GetnameResponse.newBuilder().setErrno(n.errno()).setAddr(ByteString.copyFrom(n.addr())).build();
        }, () -> GetnameResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    /** netlink_sendmsg: answered once the kernel handled every message, or the datagram is queued. */
    @Override
    public void sendmsg(SendmsgRequest req, StreamObserver<SendmsgResponse> out) {
        Step s = runtime.events().step("netlink_sendmsg", req.getCred()).object("sock", req.getSock())
                .field("len", req.getData().size()).field("flags", req.getFlags());
        try {
            af().sendmsg(req.getCred(), req.getSock(), req.getData().toByteArray(), req.getFlags(),
                    req.getAddr().toByteArray(), req.getNonblock(), new StepTrace(s)).whenComplete((r, t) -> {
                        AfNetlink.Sent sent = t == null ? r : new AfNetlink.Sent(-1, Errno.ERRNO_EIO);
                        if (t != null) {
                            LOG.error("netlink sendmsg failed", t);
                        }
                        s.end(sent.ret(), sent.errno());
                        state.reply(out, SendmsgResponse.newBuilder().setRet(sent.ret()).setErrno(sent.errno()).build());
                    });
        } catch (RuntimeException e) {
            LOG.error("netlink sendmsg failed", e);
            s.end(-1, Errno.ERRNO_EIO);
            state.reply(out, SendmsgResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build());
        }
    }

    /** netlink_recvmsg: waits without a thread; a cancelled call is a signal (EINTR). */
    @Override
    public void recvmsg(RecvmsgRequest req, StreamObserver<RecvmsgResponse> out) {
        Step s = runtime.events().step("netlink_recvmsg", req.getCred()).object("sock", req.getSock())
                .field("len", req.getLen()).field("flags", req.getFlags());
        long len = req.getLen() < 0 ? Long.MAX_VALUE : req.getLen(); // a size_t past 2^63
        try {
            af().recvmsg(req.getSock(), len, req.getFlags(), req.getNonblock()).whenComplete((r, t) -> {
                RecvmsgResponse resp = t != null ? RecvmsgResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build()
                        : RecvmsgResponse.newBuilder().setRet(r.ret()).setErrno(r.errno())
                                .setData(ByteString.copyFrom(r.data())).setAddr(ByteString.copyFrom(r.addr()))
                                .setMsgFlags(r.msgFlags()).build();
                s.end(resp.getRet(), resp.getErrno());
                state.reply(out, resp);
            });
        } catch (RuntimeException e) {
            LOG.error("netlink recvmsg failed", e);
            s.end(-1, Errno.ERRNO_EIO);
            state.reply(out, RecvmsgResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build());
        }
    }

    @Override
    public void setsockopt(SetsockoptRequest req, StreamObserver<SetsockoptResponse> out) {
        reply(out, () -> SetsockoptResponse.newBuilder().setErrno(af().setsockopt(req.getCred(), req.getSock(),
                req.getLevel(), req.getOptname(), req.getOptval().toByteArray())).build(),
                () -> SetsockoptResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    @Override
    public void getsockopt(GetsockoptRequest req, StreamObserver<GetsockoptResponse> out) {
        reply(out, () -> {
            SockOptions.Value v = af().getsockopt(req.getSock(), req.getLevel(), req.getOptname(), req.getOptlen());
            return GetsockoptResponse.newBuilder().setErrno(v.errno()).setOptval(ByteString.copyFrom(v.bytes())).build();
        }, () -> GetsockoptResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    /** netlink_ioctl: -ENOIOCTLCMD for every command; the socket layer goes on to the device. */
    @Override
    public void ioctl(IoctlRequest req, StreamObserver<IoctlResponse> out) {
        reply(out, () -> IoctlResponse.newBuilder().setUnknown(true).build(),
                () -> IoctlResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }

    /** netlink_poll. */
    @Override
    public void poll(PollRequest req, StreamObserver<PollResponse> out) {
        try {
            long afterWake = req.getEdge() ? req.getAfterWake() : Revents.LEVEL;
            af().poll(req.getSock(), req.getEvents(), req.getTimeoutMs(), afterWake).whenComplete((r, t) -> {
                Revents a = t == null ? r : Revents.of(vkernel.uapi.Poll.POLLERR);
                state.reply(out, PollResponse.newBuilder().setRevents(a.mask()).setWakes(a.wakes()).build());
            });
        } catch (RuntimeException e) {
            LOG.error("netlink poll failed", e);
            state.reply(out, PollResponse.newBuilder().setRevents(vkernel.uapi.Poll.POLLERR).build());
        }
    }

    /** netlink_net_exit. */
    @Override
    public void netnsExit(NetnsExitRequest req, StreamObserver<NetnsExitResponse> out) {
        Step s = runtime.events().step("netlink_net_exit").object("netns", req.getNetns());
        reply(out, () -> {
            af().netnsExit(req.getNetns());
            layerState.netnsExited(req.getNetns());
            s.end();
            return NetnsExitResponse.getDefaultInstance();
        }, NetnsExitResponse::getDefaultInstance);
    }

    /** Every sock socket-service holds a handle to, with its inode: its reconcile releases those no socket names. */
    @Override
    public void listSocks(vkernel.net.v1.ListSocksRequest req, StreamObserver<vkernel.net.v1.ListSocksResponse> out) {
        reply(out, () -> {
            vkernel.net.v1.ListSocksResponse.Builder b = vkernel.net.v1.ListSocksResponse.newBuilder();
            for (long[] h : af().handles()) {
                b.addSocks(vkernel.net.v1.SockIno.newBuilder().setSock(h[0]).setIno(h[1]));
            }
            return b.build();
        }, vkernel.net.v1.ListSocksResponse::getDefaultInstance);
    }

    @Override
    public void inspect(InspectRequest req, StreamObserver<InspectResponse> out) {
        reply(out, () -> {
            java.util.List<String[]> fields = af().inspect(req.getSock());
            if (fields == null) {
                return InspectResponse.newBuilder().setErrno(Errno.ERRNO_EBADF).build();
            }
            InspectResponse.Builder b = InspectResponse.newBuilder().setProt("NETLINK").setOps("netlink_ops");
            for (String[] f : fields) {
                b.addFields(Field.newBuilder().setStructName(f[0]).setName(f[1]).setValue(f[2]));
            }
            return b.build();
        }, () -> InspectResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build());
    }
}
