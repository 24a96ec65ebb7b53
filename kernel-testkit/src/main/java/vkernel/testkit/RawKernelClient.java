package vkernel.testkit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import vkernel.socket.v1.RecvmsgRequest;
import vkernel.socket.v1.RecvmsgResponse;
import vkernel.socket.v1.SendmsgRequest;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.socket.v1.SocketServiceGrpc;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.LinkUp;
import vkernel.vfs.v1.CloseRequest;
import vkernel.vfs.v1.ExitRequest;
import vkernel.vfs.v1.FileServiceGrpc;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;
import vkernel.vfs.v1.UnameRequest;
import vkernel.vfs.v1.UnameResponse;

/**
 * The generated gRPC stubs with nothing in between, as any client (grpcurl, another
 * language, a program outside the containers) sees the kernel: one address
 * (vfs-service's), Uname for where sockets are, Spawn with the admin credential, then the
 * task's token on every call. Tests use it where the exact requests and metadata matter
 * (trace context, tokens, errno fields); for system calls as a program makes them the SDK
 * ({@code vkernel.sdk.VKernel}) reads better.
 *
 * <p>Every call has a deadline of {@value #DEADLINE_SECONDS} s.
 */
public final class RawKernelClient implements AutoCloseable {
    /** The task token that names the calling process on every system call. */
    public static final Metadata.Key<String> TASK = Metadata.Key.of("vkernel-task", Metadata.ASCII_STRING_MARSHALLER);
    /** {@code Bearer ADMIN_SECRET}, asked for by Spawn. */
    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** W3C trace context: a call made under it is a child of the caller's span. */
    public static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    public static final long DEADLINE_SECONDS = 10;

    private final ManagedChannel vfs;
    private final ManagedChannel socket;
    private final UnameResponse uname;
    private final String adminSecret;

    /** Connects to the kernel's address and asks it (Uname) where its socket layer is. */
    public RawKernelClient(KernelEndpoint kernel) {
        this.adminSecret = kernel.adminSecret();
        this.vfs = ManagedChannelBuilder.forTarget(kernel.address()).usePlaintext().build();
        try {
            this.uname = ProcessServiceGrpc.newBlockingStub(vfs).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .uname(UnameRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            vfs.shutdownNow();
            throw e;
        }
        // empty while no socket layer has registered sockfs (vfs-service alone)
        this.socket = uname.getSocketAddress().isEmpty() ? null
                : ManagedChannelBuilder.forTarget(uname.getSocketAddress()).usePlaintext().build();
    }

    public RawKernelClient(String address, String adminSecret) {
        this(new KernelEndpoint(address, adminSecret));
    }

    /** What Uname answered when this client connected. */
    public UnameResponse uname() {
        return uname;
    }

    /**
     * A new process in a network namespace of its own with lo up, as every scenario's
     * processes are: unshared (lo down, no address), then `ip link set lo up` as the task.
     */
    public SpawnResponse spawn(String comm) {
        SpawnResponse r = spawn(SpawnRequest.newBuilder().setComm(comm).setUnshareNet(true).build());
        if (r.getErrnoValue() == 0) {
            loopbackUp(r.getToken());
        }
        return r;
    }

    /** RTM_NEWLINK { lo, IFF_UP } over a NETLINK_ROUTE socket as the task (it needs CAP_NET_ADMIN), its ack read. */
    public void loopbackUp(String token) {
        SocketResponse s = socket(token, Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
        if (s.getErrnoValue() != 0) {
            throw new IllegalStateException("ip link set lo up: socket: " + s.getErrno());
        }
        try {
            sockets(token).sendmsg(SendmsgRequest.newBuilder().setFd((int) s.getRet())
                    .setData(com.google.protobuf.ByteString.copyFrom(LinkUp.request(LinkUp.LOOPBACK_IFINDEX, 1))).build());
            RecvmsgResponse ack = sockets(token).recvmsg(RecvmsgRequest.newBuilder().setFd((int) s.getRet()).setLen(4096).build());
            int error = LinkUp.errnoOf(ack.getData().toByteArray());
            if (error != 0) {
                throw new IllegalStateException("ip link set lo up: errno " + error);
            }
        } finally {
            close(token, s.getRet());
        }
    }

    public SpawnResponse spawn(SpawnRequest req) {
        return spawn(req, null);
    }

    /** Spawn with the admin credential, and {@code extra} metadata (a traceparent) when not null. */
    public SpawnResponse spawn(SpawnRequest req, Metadata extra) {
        Metadata m = new Metadata();
        m.put(AUTHORIZATION, "Bearer " + adminSecret);
        if (extra != null) {
            m.merge(extra);
        }
        return ProcessServiceGrpc.newBlockingStub(vfs).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m))
                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS).spawn(req);
    }

    /** Any stub acting as the task of {@code token}, with {@code extra} metadata when not null. */
    public static <S extends AbstractStub<S>> S as(S stub, String token, Metadata extra) {
        Metadata m = new Metadata();
        m.put(TASK, token);
        if (extra != null) {
            m.merge(extra);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m)).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    public SocketServiceGrpc.SocketServiceBlockingStub sockets(String token) {
        return sockets(token, null);
    }

    /** socket-service's stub as the task; fails when Uname named no socket layer. */
    public SocketServiceGrpc.SocketServiceBlockingStub sockets(String token, Metadata extra) {
        return as(SocketServiceGrpc.newBlockingStub(socketChannel()), token, extra);
    }

    public FileServiceGrpc.FileServiceBlockingStub files(String token) {
        return files(token, null);
    }

    public FileServiceGrpc.FileServiceBlockingStub files(String token, Metadata extra) {
        return as(FileServiceGrpc.newBlockingStub(vfs), token, extra);
    }

    public ProcessServiceGrpc.ProcessServiceBlockingStub process(String token) {
        return as(ProcessServiceGrpc.newBlockingStub(vfs), token, null);
    }

    /** socket(2) as the task: the response carries the fd or the errno. */
    public SocketResponse socket(String token, int domain, int type, int protocol) {
        return sockets(token).socket(SocketRequest.newBuilder().setDomain(domain).setType(type).setProtocol(protocol).build());
    }

    /** close(2) as the task; its return value (-1 on error). */
    public long close(String token, long fd) {
        return files(token).close(CloseRequest.newBuilder().setFd(Math.toIntExact(fd)).build()).getRet();
    }

    /** The task exits: its fds are closed and its token is no longer valid. */
    public void exit(String token) {
        process(token).exit(ExitRequest.getDefaultInstance());
    }

    /** A {@code traceparent} header (sampled) naming the caller's trace and span, both hex. */
    public static Metadata traceparent(String traceId, String spanId) {
        Metadata m = new Metadata();
        m.put(TRACEPARENT, "00-" + traceId + "-" + spanId + "-01");
        return m;
    }

    /** The channel to vfs-service, the kernel's address. */
    public ManagedChannel vfsChannel() {
        return vfs;
    }

    /** The channel to socket-service, where Uname said it is. */
    public ManagedChannel socketChannel() {
        if (socket == null) {
            throw new IllegalStateException("Uname named no socket layer");
        }
        return socket;
    }

    @Override
    public void close() {
        vfs.shutdownNow();
        if (socket != null) {
            socket.shutdownNow();
        }
    }
}
