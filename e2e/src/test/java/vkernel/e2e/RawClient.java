package vkernel.e2e;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import vkernel.socket.v1.SocketServiceGrpc;
import vkernel.vfs.v1.FileServiceGrpc;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;
import vkernel.vfs.v1.UnameRequest;

/**
 * The generated stubs with nothing in between: what any gRPC client (grpcurl, another
 * language) sees. Tests use it where the exact metadata matters (trace context, tokens).
 */
final class RawClient implements AutoCloseable {
    static final Metadata.Key<String> TASK = Metadata.Key.of("vkernel-task", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTH = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    final ManagedChannel vfs;
    final ManagedChannel socket;
    private final String adminSecret;

    RawClient(String address, String adminSecret) {
        this.adminSecret = adminSecret;
        this.vfs = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
        String socketAddress = ProcessServiceGrpc.newBlockingStub(vfs).withDeadlineAfter(10, TimeUnit.SECONDS)
                .uname(UnameRequest.getDefaultInstance()).getSocketAddress();
        this.socket = ManagedChannelBuilder.forTarget(socketAddress).usePlaintext().build();
    }

    SpawnResponse spawn(SpawnRequest req) {
        Metadata m = new Metadata();
        m.put(AUTH, "Bearer " + adminSecret);
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
        return as(SocketServiceGrpc.newBlockingStub(socket), token, extra);
    }

    FileServiceGrpc.FileServiceBlockingStub files(String token) {
        return as(FileServiceGrpc.newBlockingStub(vfs), token, null);
    }

    ProcessServiceGrpc.ProcessServiceBlockingStub process(String token) {
        return as(ProcessServiceGrpc.newBlockingStub(vfs), token, null);
    }

    @Override
    public void close() {
        vfs.shutdownNow();
        socket.shutdownNow();
    }
}
