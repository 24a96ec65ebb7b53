package vkernel.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.*;
import vkernel.socket.v1.NetFamiliesServiceGrpc;
import vkernel.socket.v1.SockRegisterRequest;
import vkernel.socket.v1.SockRegisterResponse;
import vkernel.socket.v1.SockUnregisterRequest;

/**
 * The floor: a family service that does no work (Fuchsia's "fake netstack"). It
 * implements the family contract (ProtoOpsService) in this JVM, answering Create with a
 * fresh sock number and every other op with an empty success, and registers itself with
 * socket-service under an otherwise unused family (AF_VSOCK by default) as inet-service
 * and netlink-service do, renewing the lease at a third of its length. A
 * socket(family, ...)+close() then makes exactly the gRPC hops of an AF_INET one
 * (socket-service, vfs sock_alloc, the family's create, vfs fd_install; vfs close,
 * sockfs release, the family's release) with nothing behind the family's end.
 */
final class StubFamily implements AutoCloseable {
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final int family;
    private final String instanceId = "vkernel-bench-" + UUID.randomUUID();
    private final Server server;
    private final ManagedChannel registry;
    private final NetFamiliesServiceGrpc.NetFamiliesServiceBlockingStub stub;
    private final String address;
    private final ScheduledExecutorService renewals;
    private final Ops ops;
    private volatile String lastRenewalError;

    private StubFamily(int family, Ops ops, Server server, String address, ManagedChannel registry, String secret) {
        this.family = family;
        this.ops = ops;
        this.server = server;
        this.address = address;
        this.registry = registry;
        Metadata md = new Metadata();
        md.put(AUTHORIZATION, "Bearer " + secret);
        this.stub = NetFamiliesServiceGrpc.newBlockingStub(registry)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stub-family-lease");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Serves the stub on an ephemeral port of {@code host} and registers it with the
     * socket layer at {@code socketAddress}; fails if the family is taken.
     */
    static StubFamily start(int family, String host, String socketAddress, String secret) throws IOException {
        Ops ops = new Ops();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, 0))
                .directExecutor() // the stub never blocks: answer on the event loop
                .addService(ops)
                .build().start();
        String address = host + ":" + server.getPort();
        ManagedChannel ch = ManagedChannelBuilder.forTarget(socketAddress).usePlaintext().build();
        StubFamily f = new StubFamily(family, ops, server, address, ch, secret);
        long lease;
        try {
            lease = f.register();
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        f.renewals.schedule(f::renew, Math.max(100, lease / 3), TimeUnit.MILLISECONDS);
        return f;
    }

    int family() {
        return family;
    }

    String address() {
        return address;
    }

    long creates() {
        return ops.creates.get();
    }

    long releases() {
        return ops.releases.get();
    }

    private long register() {
        SockRegisterResponse r = stub.withDeadlineAfter(5, TimeUnit.SECONDS).sockRegister(SockRegisterRequest.newBuilder()
                .setFamily(family).setAddress(address).setInstanceId(instanceId).build());
        if (r.getErrno() != Errno.ERRNO_UNSPECIFIED) {
            throw new IllegalStateException("sock_register(" + family + ") refused: " + r.getErrno());
        }
        return r.getLeaseMs();
    }

    private void renew() {
        long next = 1000;
        try {
            next = Math.max(100, register() / 3);
            lastRenewalError = null;
        } catch (RuntimeException e) {
            lastRenewalError = e.toString();
        }
        if (!renewals.isShutdown()) {
            renewals.schedule(this::renew, next, TimeUnit.MILLISECONDS);
        }
    }

    String lastRenewalError() {
        return lastRenewalError;
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        try {
            stub.withDeadlineAfter(3, TimeUnit.SECONDS).sockUnregister(SockUnregisterRequest.newBuilder()
                    .setFamily(family).setInstanceId(instanceId).build());
        } catch (RuntimeException e) {
            // the socket layer is gone already: its registry went with it
        }
        registry.shutdownNow();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
            registry.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** proto_ops with nothing behind it. */
    private static final class Ops extends ProtoOpsServiceGrpc.ProtoOpsServiceImplBase {
        private final AtomicLong nextSock = new AtomicLong(1);
        final AtomicLong creates = new AtomicLong();
        final AtomicLong releases = new AtomicLong();

        @Override
        public void create(CreateRequest req, StreamObserver<CreateResponse> out) {
            creates.incrementAndGet();
            reply(out, CreateResponse.newBuilder().setSock(nextSock.getAndIncrement())
                    .setState(SocketState.SOCKET_STATE_SS_UNCONNECTED).build());
        }

        @Override
        public void release(ReleaseRequest req, StreamObserver<ReleaseResponse> out) {
            releases.incrementAndGet();
            reply(out, ReleaseResponse.getDefaultInstance());
        }

        @Override
        public void bind(BindRequest req, StreamObserver<BindResponse> out) {
            reply(out, BindResponse.getDefaultInstance());
        }

        @Override
        public void connect(ConnectRequest req, StreamObserver<ConnectResponse> out) {
            reply(out, ConnectResponse.newBuilder().setState(SocketState.SOCKET_STATE_SS_CONNECTED).build());
        }

        @Override
        public void listen(ListenRequest req, StreamObserver<ListenResponse> out) {
            reply(out, ListenResponse.getDefaultInstance());
        }

        @Override
        public void accept(AcceptRequest req, StreamObserver<AcceptResponse> out) {
            reply(out, AcceptResponse.newBuilder().setErrno(Errno.ERRNO_EOPNOTSUPP).build());
        }

        @Override
        public void getname(GetnameRequest req, StreamObserver<GetnameResponse> out) {
            reply(out, GetnameResponse.getDefaultInstance());
        }

        @Override
        public void sendmsg(SendmsgRequest req, StreamObserver<SendmsgResponse> out) {
            reply(out, SendmsgResponse.newBuilder().setRet(req.getData().size()).build());
        }

        @Override
        public void recvmsg(RecvmsgRequest req, StreamObserver<RecvmsgResponse> out) {
            reply(out, RecvmsgResponse.getDefaultInstance());
        }

        @Override
        public void shutdown(ShutdownRequest req, StreamObserver<ShutdownResponse> out) {
            reply(out, ShutdownResponse.getDefaultInstance());
        }

        @Override
        public void setsockopt(SetsockoptRequest req, StreamObserver<SetsockoptResponse> out) {
            reply(out, SetsockoptResponse.getDefaultInstance());
        }

        @Override
        public void getsockopt(GetsockoptRequest req, StreamObserver<GetsockoptResponse> out) {
            reply(out, GetsockoptResponse.newBuilder().setOptval(com.google.protobuf.ByteString.copyFrom(
                    new byte[Math.min(4, req.getOptlen())])).build());
        }

        @Override
        public void poll(PollRequest req, StreamObserver<PollResponse> out) {
            reply(out, PollResponse.getDefaultInstance());
        }

        @Override
        public void netnsExit(NetnsExitRequest req, StreamObserver<NetnsExitResponse> out) {
            reply(out, NetnsExitResponse.getDefaultInstance());
        }

        @Override
        public void inspect(InspectRequest req, StreamObserver<InspectResponse> out) {
            reply(out, InspectResponse.newBuilder().setProt("BENCH-STUB").setOps("stub_ops").build());
        }

        private <T> void reply(StreamObserver<T> out, T value) {
            out.onNext(value);
            out.onCompleted();
        }
    }
}
