package vkernel.sdk;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.DefaultEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.local.LocalAddress;
import io.grpc.netty.shaded.io.netty.channel.local.LocalChannel;
import io.grpc.netty.shaded.io.netty.channel.local.LocalServerChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import vkernel.errno.v1.Errno;
import vkernel.socket.v1.*;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgErr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;
import vkernel.vfs.v1.*;

/**
 * A toy kernel for tests, served over Netty's in-JVM transport (no network): tasks,
 * fd tables, netlink route sockets with a route table, TCP sockets whose recv blocks
 * for ever. Dup3 is left unimplemented (UNIMPLEMENTED). Just enough to drive the SDK
 * and the scenario runner end to end.
 */
public final class FakeKernel implements AutoCloseable {
    public static final String SECRET = "s3cret";
    static final Context.Key<String> TOKEN = Context.key("token");
    static final Context.Key<Boolean> ADMIN = Context.key("admin");
    /** Netty warns that the in-JVM channel has no SO_KEEPALIVE; held so the level sticks. */
    private static final java.util.logging.Logger NETTY_BOOTSTRAP =
            java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.bootstrap");

    static {
        NETTY_BOOTSTRAP.setLevel(java.util.logging.Level.SEVERE);
    }

    /** An open file: its inode, and for netlink sockets the datagrams waiting. */
    static final class File {
        final long ino;
        final int domain;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();

        File(long ino, int domain) {
            this.ino = ino;
            this.domain = domain;
        }
    }

    static final class FakeTask {
        final int pid;
        final TreeMap<Integer, File> fds = new TreeMap<>();

        FakeTask(int pid) {
            this.pid = pid;
            File nul = new File(1, -1);
            fds.put(0, nul);
            fds.put(1, nul);
            fds.put(2, nul);
        }

        int install(File f, int min) {
            int fd = min;
            while (fds.containsKey(fd)) {
                fd++;
            }
            fds.put(fd, f);
            return fd;
        }
    }

    public final List<SpawnRequest> spawns = Collections.synchronizedList(new ArrayList<>());
    /** The pids that sent RTM_NEWLINK (ip link set lo up). */
    public final List<Integer> linksUp = Collections.synchronizedList(new ArrayList<>());
    public final List<Integer> exited = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, FakeTask> tasks = new ConcurrentHashMap<>();
    private final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(2);
    private final String name;
    private final Server vfs;
    private final Server sock;
    private int nextPid = 100;
    private long nextIno = 10;

    public FakeKernel(String name) throws Exception {
        this.name = name;
        ServerInterceptor auth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h,
                    ServerCallHandler<Q, R> next) {
                String token = h.get(VKernel.TASK_TOKEN);
                boolean admin = ("Bearer " + SECRET).equals(h.get(VKernel.AUTHORIZATION));
                String m = call.getMethodDescriptor().getBareMethodName();
                if (!m.equals("Spawn") && !m.equals("Uname") && (token == null || !tasks.containsKey(token))) {
                    call.close(Status.UNAUTHENTICATED, new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                Context ctx = Context.current().withValue(TOKEN, token).withValue(ADMIN, admin);
                return Contexts.interceptCall(ctx, call, h, next);
            }
        };
        vfs = server("vfs", ServerInterceptors.intercept(new Process(), auth),
                ServerInterceptors.intercept(new Files(), auth));
        sock = server("sock", ServerInterceptors.intercept(new Sockets(), auth));
    }

    /** What VKernel.connect takes to reach this kernel. */
    public VKernel.ChannelFactory channels() {
        return target -> NettyChannelBuilder.forAddress(new LocalAddress(target)).channelType(LocalChannel.class)
                .eventLoopGroup(group).usePlaintext().build();
    }

    public String address() {
        return name + "-vfs";
    }

    private Server server(String what, io.grpc.ServerServiceDefinition... services) throws Exception {
        NettyServerBuilder b = NettyServerBuilder.forAddress(new LocalAddress(name + "-" + what))
                .channelType(LocalServerChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group);
        for (io.grpc.ServerServiceDefinition s : services) {
            b.addService(s);
        }
        return b.build().start();
    }

    private FakeTask me() {
        return tasks.get(TOKEN.get());
    }

    private static <R> void reply(StreamObserver<R> o, R r) {
        o.onNext(r);
        o.onCompleted();
    }

    final class Process extends ProcessServiceGrpc.ProcessServiceImplBase {
        @Override
        public void uname(UnameRequest req, StreamObserver<UnameResponse> o) {
            reply(o, UnameResponse.newBuilder().setSysname("Linux").setRelease("6.18-fake")
                    .setVfsAddress(name + "-vfs").setSocketAddress(name + "-sock").build());
        }

        @Override
        public synchronized void spawn(SpawnRequest req, StreamObserver<SpawnResponse> o) {
            spawns.add(req);
            if (!ADMIN.get() && (req.getUid() == 0 || req.getCapEffective() != 0)) {
                reply(o, SpawnResponse.newBuilder().setErrno(Errno.ERRNO_EPERM).build());
                return;
            }
            int pid = nextPid++;
            tasks.put("tok" + pid, new FakeTask(pid));
            reply(o, SpawnResponse.newBuilder().setPid(pid).setToken("tok" + pid)
                    .setNetns(req.getUnshareNet() ? 7 : req.getNetns()).build());
        }

        @Override
        public void exit(ExitRequest req, StreamObserver<ExitResponse> o) {
            exited.add(tasks.remove(TOKEN.get()).pid);
            reply(o, ExitResponse.getDefaultInstance());
        }
    }

    final class Files extends FileServiceGrpc.FileServiceImplBase {
        @Override
        public void close(CloseRequest req, StreamObserver<CloseResponse> o) {
            boolean had = me().fds.remove(req.getFd()) != null;
            reply(o, CloseResponse.newBuilder().setRet(had ? 0 : -1).setErrno(had ? Errno.ERRNO_UNSPECIFIED
                    : Errno.ERRNO_EBADF).build());
        }

        @Override
        public void dup(DupRequest req, StreamObserver<DupResponse> o) {
            File f = me().fds.get(req.getOldfd());
            reply(o, f == null ? DupResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EBADF).build()
                    : DupResponse.newBuilder().setRet(me().install(f, 0)).build());
        }

        @Override
        public void fstat(FstatRequest req, StreamObserver<FstatResponse> o) {
            File f = me().fds.get(req.getFd());
            reply(o, f == null ? FstatResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EBADF).build()
                    : FstatResponse.newBuilder().setIno(f.ino).setFsType("sockfs").build());
        }
    }

    final class Sockets extends SocketServiceGrpc.SocketServiceImplBase {
        @Override
        public synchronized void socket(SocketRequest req, StreamObserver<SocketResponse> o) {
            if (req.getDomain() != Socket.AF_INET && req.getDomain() != Socket.AF_NETLINK) {
                reply(o, SocketResponse.newBuilder().setRet(-1).setErrno(Errno.ERRNO_EAFNOSUPPORT).build());
                return;
            }
            int fd = me().install(new File(nextIno++, req.getDomain()), 0);
            reply(o, SocketResponse.newBuilder().setRet(fd).build());
        }

        @Override
        public void getsockname(GetsocknameRequest req, StreamObserver<GetsocknameResponse> o) {
            reply(o, GetsocknameResponse.newBuilder()
                    .setAddr(ByteString.copyFrom(SockAddr.netlink(me().pid, 0).bytes())).build());
        }

        @Override
        public void sendmsg(SendmsgRequest req, StreamObserver<SendmsgResponse> o) {
            File f = me().fds.get(req.getFd());
            NlMsg m = NlMsgParser.parse(req.getData().toByteArray()).get(0);
            int pid = me().pid;
            synchronized (f) {
                if (m.type() == Rtnetlink.RTM_NEWLINK) { // ip link set lo up: acked
                    linksUp.add(me().pid);
                    f.queue.add(new NlMsgBuilder(Netlink.NLMSG_ERROR, Netlink.NLM_F_CAPPED, m.header().seq(), pid)
                            .fixed(NlMsgErr.answering(0, m, true).encode()).build());
                } else if (m.type() == Rtnetlink.RTM_GETROUTE) {
                    List<byte[]> msgs = new ArrayList<>();
                    for (String r : routes) {
                        String[] dst = r.split("/");
                        msgs.add(new NlMsgBuilder(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_MULTI, m.header().seq(), pid)
                                .rtmsg(new RtMsg(2, Integer.parseInt(dst[1]), 0, 0, 254, 4, 253, 1, 0))
                                .attr(RtAttr.inAddr(Rtnetlink.RTA_DST, SockAddr.parseIpv4(dst[0])))
                                .attrU32(Rtnetlink.RTA_OIF, 1).build());
                    }
                    msgs.add(new NlMsgBuilder(Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, m.header().seq(), pid)
                            .fixed(new byte[4]).build());
                    f.queue.add(NlMsgBuilder.datagram(msgs.toArray(new byte[0][])));
                } else {
                    var a = m.attributes(RtMsg.SIZE);
                    String r = SockAddr.formatIpv4(a.get(0).inAddr()) + "/" + m.rtmsg().dstLen();
                    boolean add = m.type() == Rtnetlink.RTM_NEWROUTE;
                    int error = add ? (routes.contains(r) ? -17 : 0) : (routes.contains(r) ? 0 : -3);
                    if (error == 0 && add) {
                        routes.add(r);
                    } else if (error == 0) {
                        routes.remove(r);
                    }
                    f.queue.add(new NlMsgBuilder(Netlink.NLMSG_ERROR, error == 0 ? Netlink.NLM_F_CAPPED : 0,
                            m.header().seq(), pid).fixed(NlMsgErr.answering(error, m, error == 0).encode()).build());
                }
                f.notifyAll();
            }
            reply(o, SendmsgResponse.newBuilder().setRet(req.getData().size()).build());
        }

        @Override
        public void recvmsg(RecvmsgRequest req, StreamObserver<RecvmsgResponse> o) {
            File f = me().fds.get(req.getFd());
            byte[] d;
            synchronized (f) {
                while (f.queue.isEmpty()) {
                    if (Context.current().isCancelled()) {
                        o.onError(Status.CANCELLED.asRuntimeException());
                        return;
                    }
                    try {
                        f.wait(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                d = f.queue.poll();
            }
            reply(o, RecvmsgResponse.newBuilder().setRet(d.length).setData(ByteString.copyFrom(d))
                    .setAddr(ByteString.copyFrom(SockAddr.netlink(0, 0).bytes())).build());
        }
    }

    @Override
    public void close() throws InterruptedException {
        vfs.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        sock.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    /** For tests that want a raw channel. */
    public ManagedChannel channel(String target) {
        return channels().open(target);
    }
}
