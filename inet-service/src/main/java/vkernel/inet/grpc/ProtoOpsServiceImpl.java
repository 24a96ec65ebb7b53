package vkernel.inet.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.IovLen;
import vkernel.inet.core.Results;
import vkernel.inet.core.SkIoctl;
import vkernel.inet.core.dev.DevIoctl;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SockOptions;
import vkernel.net.v1.*;

/**
 * ProtoOpsService for PF_INET: each call converted to the core's (vkernel.inet.core.AfInet)
 * and back; errno is data. Blocking calls reply when their sleep ends, from whichever
 * thread ends it; a cancelled call is a signal. Every answer leaves once what the call
 * changed is on the state topic (InetStack#reply).
 */
@GrpcService
public class ProtoOpsServiceImpl extends ProtoOpsServiceGrpc.ProtoOpsServiceImplBase {
    @Inject
    InetStack stack;

    private AfInet af() {
        return stack.af();
    }

    @Override
    public void create(CreateRequest req, StreamObserver<CreateResponse> out) {
        guard(out, CreateResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_create", req.getCred());
            Results.Create r = af().create(req.getCred(), req.getType(), req.getProtocol(), req.getKern(), req.getIno(), t);
            t.end(r.errno() == Errno.ERRNO_UNSPECIFIED ? 0 : -1, r.errno());
            stack.reply(out, CreateResponse.newBuilder().setErrno(r.errno()).setSock(r.sock()).setState(r.state()).build());
        });
    }

    @Override
    public void release(ReleaseRequest req, StreamObserver<ReleaseResponse> out) {
        guard(out, ReleaseResponse.getDefaultInstance(), () -> {
            Trace t = stack.step("inet_release").object("sock", req.getSock());
            af().release(req.getSock(), t);
            t.end();
            stack.reply(out, ReleaseResponse.getDefaultInstance());
        });
    }

    @Override
    public void bind(BindRequest req, StreamObserver<BindResponse> out) {
        guard(out, BindResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_bind", req.getCred());
            Errno e = af().bind(req.getCred(), req.getSock(), req.getAddr().toByteArray(), t);
            t.endErrno(e);
            stack.reply(out, BindResponse.newBuilder().setErrno(e).build());
        });
    }

    @Override
    public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
        guard(out, ConnectResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_connect", req.getCred()).object("sock", req.getSock());
            af().connect(req.getCred(), req.getSock(), req.getAddr().toByteArray(), req.getNonblock(), t, r -> {
                t.endErrno(r.errno());
                stack.reply(out, ConnectResponse.newBuilder().setErrno(r.errno()).setState(r.state()).build());
            });
        });
    }

    @Override
    public void listen(ListenRequest req, StreamObserver<ListenResponse> out) {
        guard(out, ListenResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_listen", req.getCred());
            Errno e = af().listen(req.getCred(), req.getSock(), req.getBacklog(), t);
            t.endErrno(e);
            stack.reply(out, ListenResponse.newBuilder().setErrno(e).build());
        });
    }

    @Override
    public void accept(AcceptRequest req, StreamObserver<AcceptResponse> out) {
        guard(out, AcceptResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_accept", req.getCred()).object("sock", req.getSock());
            Context call = Context.current();
            af().accept(req.getCred(), req.getSock(), req.getNonblock(), req.getNewIno(), t, r -> {
                if (r.errno() == Errno.ERRNO_UNSPECIFIED && call.isCancelled()) {
                    // the caller is gone: nobody will own the new socket, so it is released (no side effect)
                    af().release(r.newSock(), t.child("inet_release"));
                }
                t.end(r.errno() == Errno.ERRNO_UNSPECIFIED ? 0 : -1, r.errno());
                stack.reply(out, AcceptResponse.newBuilder().setErrno(r.errno()).setNewSock(r.newSock())
                        .setAddr(ByteString.copyFrom(r.addr())).setState(r.state()).build());
            });
        });
    }

    /** Every sock socket-service holds a handle to, with its inode: its reconcile releases those no socket names. */
    @Override
    public void listSocks(vkernel.net.v1.ListSocksRequest req, StreamObserver<vkernel.net.v1.ListSocksResponse> out) {
        guard(out, vkernel.net.v1.ListSocksResponse.getDefaultInstance(), () -> {
            vkernel.net.v1.ListSocksResponse.Builder b = vkernel.net.v1.ListSocksResponse.newBuilder();
            for (long[] h : af().handles()) {
                b.addSocks(vkernel.net.v1.SockIno.newBuilder().setSock(h[0]).setIno(h[1]));
            }
            stack.reply(out, b.build());
        });
    }

    /** vk inspect: no event, no side effect. */
    @Override
    public void inspect(vkernel.net.v1.InspectRequest req, StreamObserver<vkernel.net.v1.InspectResponse> out) {
        guard(out, vkernel.net.v1.InspectResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            vkernel.inet.core.InetInspect.View v = af().inspect(req.getSock(), Trace.NONE);
            vkernel.net.v1.InspectResponse.Builder b = vkernel.net.v1.InspectResponse.newBuilder();
            if (v == null) {
                b.setErrno(Errno.ERRNO_EBADF);
            } else {
                b.setProt(v.prot()).setOps(v.ops());
                for (vkernel.inet.core.InetInspect.Field f : v.fields()) {
                    b.addFields(vkernel.net.v1.Field.newBuilder().setStructName(f.struct()).setName(f.name()).setValue(f.value()));
                }
            }
            stack.reply(out, b.build());
        });
    }

    @Override
    public void getname(GetnameRequest req, StreamObserver<GetnameResponse> out) {
        guard(out, GetnameResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_getname", req.getCred()).object("sock", req.getSock()).field("peer", req.getPeer());
            Results.Getname r = af().getname(req.getSock(), req.getPeer(), t);
            t.endErrno(r.errno());
            stack.reply(out, GetnameResponse.newBuilder().setErrno(r.errno()).setAddr(ByteString.copyFrom(r.addr())).build());
        });
    }

    @Override
    public void sendmsg(SendmsgRequest req, StreamObserver<SendmsgResponse> out) {
        guard(out, SendmsgResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_sendmsg", req.getCred()).object("sock", req.getSock()).field("flags", req.getFlags());
            af().sendmsg(req.getCred(), req.getSock(), req.getData().toByteArray(), req.getFlags(), req.getAddr().toByteArray(),
                    req.getNonblock(), t, r -> {
                        t.end(r.ret(), r.errno());
                        stack.reply(out, SendmsgResponse.newBuilder().setRet(r.ret()).setErrno(r.errno()).build());
                    });
        });
    }

    @Override
    public void recvmsg(RecvmsgRequest req, StreamObserver<RecvmsgResponse> out) {
        guard(out, RecvmsgResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_recvmsg", req.getCred()).object("sock", req.getSock()).field("flags", req.getFlags());
            af().recvmsg(req.getCred(), req.getSock(), IovLen.of(req.getLen()), req.getFlags(), req.getNonblock(), t, r -> {
                t.end(r.ret(), r.errno());
                stack.reply(out, RecvmsgResponse.newBuilder().setRet(r.ret()).setErrno(r.errno())
                        .setData(ByteString.copyFrom(r.data())).setAddr(ByteString.copyFrom(r.addr()))
                        .setMsgFlags(r.msgFlags()).build());
            });
        });
    }

    @Override
    public void shutdown(ShutdownRequest req, StreamObserver<ShutdownResponse> out) {
        guard(out, ShutdownResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_shutdown", req.getCred()).object("sock", req.getSock()).field("how", req.getHow());
            Results.Shutdown r = af().shutdown(req.getCred(), req.getSock(), req.getHow(), t);
            t.endErrno(r.errno());
            stack.reply(out, ShutdownResponse.newBuilder().setErrno(r.errno()).setState(r.state()).build());
        });
    }

    @Override
    public void setsockopt(SetsockoptRequest req, StreamObserver<SetsockoptResponse> out) {
        guard(out, SetsockoptResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("sock_common_setsockopt", req.getCred()).object("sock", req.getSock())
                    .field("level", req.getLevel()).field("optname", req.getOptname());
            Errno e = af().setsockopt(req.getCred(), req.getSock(), req.getLevel(), req.getOptname(),
                    req.getOptval().toByteArray(), t);
            t.endErrno(e);
            stack.reply(out, SetsockoptResponse.newBuilder().setErrno(e).build());
        });
    }

    @Override
    public void getsockopt(GetsockoptRequest req, StreamObserver<GetsockoptResponse> out) {
        guard(out, GetsockoptResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("sock_common_getsockopt", req.getCred()).object("sock", req.getSock())
                    .field("level", req.getLevel()).field("optname", req.getOptname());
            int optlen = req.getOptlen(); // a u32: above INT_MAX it reads as negative, as the kernel's int len does
            SockOptions.Value v = af().getsockopt(req.getCred(), req.getSock(), req.getLevel(), req.getOptname(), optlen, t);
            t.endErrno(v.errno());
            stack.reply(out, GetsockoptResponse.newBuilder().setErrno(v.errno()).setOptval(ByteString.copyFrom(v.bytes())).build());
        });
    }

    @Override
    public void ioctl(IoctlRequest req, StreamObserver<IoctlResponse> out) {
        guard(out, IoctlResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("inet_ioctl", req.getCred()).object("sock", req.getSock()).field("cmd", req.getCmd());
            SkIoctl r = af().ioctl(req.getCred(), req.getSock(), req.getCmd(), req.getArg().toByteArray(), t);
            if (r.unknown()) {
                t.field("result", "ENOIOCTLCMD").end();
                stack.reply(out, IoctlResponse.newBuilder().setUnknown(true).build());
                return;
            }
            t.endErrno(r.errno());
            stack.reply(out, answer(r.errno(), r.arg()));
        });
    }

    @Override
    public void devIoctl(DevIoctlRequest req, StreamObserver<IoctlResponse> out) {
        guard(out, IoctlResponse.newBuilder().setErrno(Errno.ERRNO_EIO).build(), () -> {
            Trace t = stack.step("dev_ioctl", req.getCred()).object("netns", req.getNetns()).field("cmd", req.getCmd());
            DevIoctl.Result r = af().devIoctl(req.getCred(), req.getNetns(), req.getCmd(), req.getArg().toByteArray(), t);
            t.endErrno(r.errno());
            stack.reply(out, answer(r.errno(), r.ifr()));
        });
    }

    private static IoctlResponse answer(Errno errno, byte[] arg) {
        IoctlResponse.Builder b = IoctlResponse.newBuilder().setErrno(errno);
        if (arg != null) {
            b.setArg(ByteString.copyFrom(arg));
        }
        return b.build();
    }

    @Override
    public void poll(PollRequest req, StreamObserver<PollResponse> out) {
        guard(out, PollResponse.newBuilder().setRevents(vkernel.uapi.Poll.POLLERR).build(), () -> {
            Trace t = stack.step("sock_poll", req.getCred()).object("sock", req.getSock()).field("events", req.getEvents());
            long afterWake = req.getEdge() ? req.getAfterWake() : Revents.LEVEL;
            af().poll(req.getCred(), req.getSock(), req.getEvents(), req.getTimeoutMs(), afterWake, t, r -> {
                t.end(r.mask(), Errno.ERRNO_UNSPECIFIED);
                stack.reply(out, PollResponse.newBuilder().setRevents(r.mask()).setWakes(r.wakes()).build());
            });
        });
    }

    @Override
    public void netnsExit(NetnsExitRequest req, StreamObserver<NetnsExitResponse> out) {
        guard(out, NetnsExitResponse.getDefaultInstance(), () -> {
            Trace t = stack.step("inet_net_exit").object("netns", req.getNetns());
            af().netnsExit(req.getNetns());
            stack.netnsExited(req.getNetns());
            t.end();
            stack.reply(out, NetnsExitResponse.getDefaultInstance());
        });
    }

    /**
     * Runs a call; a bug that throws is logged and answered with EIO rather than a gRPC
     * error, so the caller still gets a syscall result.
     */
    private <T> void guard(StreamObserver<T> out, T onBug, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "inet-service: a call failed unexpectedly");
            stack.reply(out, onBug);
        }
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProtoOpsServiceImpl.class);

    /** Replies once; a call already cancelled (the caller gone) takes no reply. */
    static <T> void send(StreamObserver<T> out, T value) {
        try {
            out.onNext(value);
            out.onCompleted();
        } catch (RuntimeException e) {
            // cancelled meanwhile: nobody is listening
        }
    }
}
