package vkernel.compose;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.socket.v1.SocketServiceGrpc;
import vkernel.vfs.v1.CloseRequest;
import vkernel.vfs.v1.ExitRequest;
import vkernel.vfs.v1.FileServiceGrpc;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;
import vkernel.vfs.v1.UnameRequest;
import vkernel.vfs.v1.UnameResponse;

/**
 * The generated gRPC stubs and nothing else, as any client outside the containers sees
 * the kernel: one address (vfs-service's published port), Uname for where sockets are,
 * Spawn with the admin credential, then the task token on every call.
 */
final class KernelClient implements AutoCloseable {
    static final Metadata.Key<String> TASK = Metadata.Key.of("vkernel-task", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTH = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);

    final ManagedChannel vfs;
    final ManagedChannel socket;
    final UnameResponse uname;
    private final String adminSecret;

    KernelClient(String address, String adminSecret) {
        this.adminSecret = adminSecret;
        this.vfs = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
        this.uname = ProcessServiceGrpc.newBlockingStub(vfs).withDeadlineAfter(10, TimeUnit.SECONDS).uname(UnameRequest.getDefaultInstance());
        // empty while no socket layer has registered sockfs (vfs-service alone)
        this.socket = uname.getSocketAddress().isEmpty() ? null
                : ManagedChannelBuilder.forTarget(uname.getSocketAddress()).usePlaintext().build();
    }

    SpawnResponse spawn(String comm) {
        return spawn(SpawnRequest.newBuilder().setComm(comm).setUnshareNet(true).build(), null);
    }

    SpawnResponse spawn(SpawnRequest req, Metadata extra) {
        Metadata m = new Metadata();
        m.put(AUTH, "Bearer " + adminSecret);
        if (extra != null) {
            m.merge(extra);
        }
        return ProcessServiceGrpc.newBlockingStub(vfs).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m))
                .withDeadlineAfter(10, TimeUnit.SECONDS).spawn(req);
    }

    static <S extends AbstractStub<S>> S as(S stub, String token, Metadata extra) {
        Metadata m = new Metadata();
        m.put(TASK, token);
        if (extra != null) {
            m.merge(extra);
        }
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m)).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    SocketServiceGrpc.SocketServiceBlockingStub sockets(String token, Metadata extra) {
        if (socket == null) {
            throw new IllegalStateException("Uname named no socket layer");
        }
        return as(SocketServiceGrpc.newBlockingStub(socket), token, extra);
    }

    FileServiceGrpc.FileServiceBlockingStub files(String token) {
        return as(FileServiceGrpc.newBlockingStub(vfs), token, null);
    }

    SocketResponse socket(String token, int domain, int type, int protocol) {
        return sockets(token, null).socket(SocketRequest.newBuilder().setDomain(domain).setType(type).setProtocol(protocol).build());
    }

    long close(String token, long fd) {
        return files(token).close(CloseRequest.newBuilder().setFd(Math.toIntExact(fd)).build()).getRet();
    }

    void exit(String token) {
        as(ProcessServiceGrpc.newBlockingStub(vfs), token, null).exit(ExitRequest.getDefaultInstance());
    }

    static Metadata traceparent(String traceId, String spanId) {
        Metadata m = new Metadata();
        m.put(TRACEPARENT, "00-" + traceId + "-" + spanId + "-01");
        return m;
    }

    @Override
    public void close() {
        vfs.shutdownNow();
        if (socket != null) {
            socket.shutdownNow();
        }
    }
}
