package vkernel.bench;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reference for bulk data: raw gRPC client streaming over loopback, a server and a
 * client in this JVM, messages of plain bytes (no protobuf wrapping). The client sends
 * {@code count} chunks with flow control (it writes while the call is ready) and the
 * server answers with the byte count once the stream ends.
 */
final class RawGrpcStream implements AutoCloseable {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor<byte[], byte[]> UPLOAD = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.CLIENT_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("vkernel.bench.Bulk", "Upload"))
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    private static final int MAX_MESSAGE = 16 << 20;

    private final Server server;
    private final ManagedChannel channel;

    RawGrpcStream() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("vkernel.bench.Bulk")
                .addMethod(UPLOAD, ServerCalls.asyncClientStreamingCall(RawGrpcStream::upload)).build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(MAX_MESSAGE).addService(service).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE).build();
    }

    private static StreamObserver<byte[]> upload(StreamObserver<byte[]> reply) {
        return new StreamObserver<>() {
            long bytes;

            @Override
            public void onNext(byte[] chunk) {
                bytes += chunk.length;
            }

            @Override
            public void onError(Throwable t) {
                // the client went away
            }

            @Override
            public void onCompleted() {
                reply.onNext(ByteBuffer.allocate(8).putLong(bytes).array());
                reply.onCompleted();
            }
        };
    }

    /** Streams count chunks of chunk.length bytes; the bytes the server counted. */
    long upload(byte[] chunk, int count) throws Exception {
        CompletableFuture<Long> result = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(UPLOAD, CallOptions.DEFAULT);
        ClientCalls.asyncClientStreamingCall(call, new ClientResponseObserver<byte[], byte[]>() {
            int sent;

            @Override
            public void beforeStart(ClientCallStreamObserver<byte[]> requests) {
                requests.setOnReadyHandler(() -> {
                    while (requests.isReady() && sent < count) {
                        requests.onNext(chunk);
                        sent++;
                    }
                    if (sent == count) {
                        sent++; // once
                        requests.onCompleted();
                    }
                });
            }

            @Override
            public void onNext(byte[] value) {
                result.complete(ByteBuffer.wrap(value).getLong());
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.complete(-1L);
            }
        });
        return result.get(10, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
