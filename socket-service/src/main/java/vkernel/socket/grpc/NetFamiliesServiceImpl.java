package vkernel.socket.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import vkernel.errno.v1.Errno;
import vkernel.runtime.events.Step;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.core.NetFamilies;
import vkernel.socket.v1.InspectSocketRequest;
import vkernel.socket.v1.InspectSocketResponse;
import vkernel.socket.v1.ListFamiliesRequest;
import vkernel.socket.v1.ListFamiliesResponse;
import vkernel.socket.v1.NetFamiliesServiceGrpc;
import vkernel.socket.v1.RegisteredFamily;
import vkernel.socket.v1.SockRegisterRequest;
import vkernel.socket.v1.SockRegisterResponse;
import vkernel.socket.v1.SockUnregisterRequest;
import vkernel.socket.v1.SockUnregisterResponse;

/** sock_register / sock_unregister for the family services, as leases. */
@GrpcService
public class NetFamiliesServiceImpl extends NetFamiliesServiceGrpc.NetFamiliesServiceImplBase {
    @Inject
    SocketLayer layer;

    @Inject
    KernelRuntime runtime;

    @Inject
    SocketState state;

    @Override
    public void sockRegister(SockRegisterRequest req, StreamObserver<SockRegisterResponse> out) {
        long now = layer.sockfs().now();
        boolean renewal = layer.families().isRenewal(req.getFamily(), req.getInstanceId(), now);
        Errno e = layer.families().register(req.getFamily(), req.getAddress(), req.getInstanceId(), now);
        if (!renewal) {
            runtime.channels().instanceRegistered(req.getAddress());
            Step step = runtime.events().step("sock_register").field("family", req.getFamily())
                    .field("service", req.getAddress()).field("instance", req.getInstanceId());
            step.endErrno(e);
        }
        state.reply(out, SockRegisterResponse.newBuilder().setErrno(e)
                .setLeaseMs(e == Errno.ERRNO_UNSPECIFIED ? layer.families().leaseMillis() : 0).build());
    }

    @Override
    public void sockUnregister(SockUnregisterRequest req, StreamObserver<SockUnregisterResponse> out) {
        layer.families().unregister(req.getFamily(), req.getInstanceId());
        runtime.events().step("sock_unregister").field("family", req.getFamily()).field("instance", req.getInstanceId()).end();
        state.reply(out, SockUnregisterResponse.getDefaultInstance());
    }

    /** vk inspect: struct socket here, and the sock as its family shows it. */
    @Override
    public void inspectSocket(InspectSocketRequest req, StreamObserver<InspectSocketResponse> out) {
        vkernel.socket.core.Socket s = layer.sockets().get(req.getIno());
        if (s == null) {
            out.onNext(InspectSocketResponse.newBuilder().setErrno(Errno.ERRNO_ENOTSOCK).build());
            out.onCompleted();
            return;
        }
        InspectSocketResponse.Builder b = InspectSocketResponse.newBuilder().setFamily(s.family()).setType(s.type())
                .setState(s.state().name().replace("SOCKET_STATE_", "")).setSock(s.sock())
                .setFamilyService(s.familyAddress());
        String address = layer.sockfs().familyAddress(s);
        if (address == null) {
            out.onNext(b.setErrno(Errno.ERRNO_EIO).build());
            out.onCompleted();
            return;
        }
        vkernel.runtime.grpc.Futures.of(layer.family(address).withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                .inspect(vkernel.net.v1.InspectRequest.newBuilder().setSock(s.sock()).build()))
                .whenComplete((r, err) -> {
                    out.onNext(err == null ? b.setSockDetail(r).build() : b.setErrno(Errno.ERRNO_EIO).build());
                    out.onCompleted();
                });
    }

    @Override
    public void listFamilies(ListFamiliesRequest req, StreamObserver<ListFamiliesResponse> out) {
        ListFamiliesResponse.Builder b = ListFamiliesResponse.newBuilder();
        for (NetFamilies.Registration r : layer.families().live(System.currentTimeMillis())) {
            b.addFamilies(RegisteredFamily.newBuilder().setFamily(r.family()).setAddress(r.address())
                    .setInstanceId(r.instanceId()).setLeaseExpiresUnixMs(r.expiresAtMillis()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }
}
