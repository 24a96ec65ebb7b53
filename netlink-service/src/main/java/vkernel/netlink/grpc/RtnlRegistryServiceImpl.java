package vkernel.netlink.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.netlink.core.RtnlHandlerTable;
import vkernel.netlink.v1.RtnlHandlerRow;
import vkernel.netlink.v1.RtnlRegisterRequest;
import vkernel.netlink.v1.RtnlRegisterResponse;
import vkernel.netlink.v1.RtnlRegistryServiceGrpc;
import vkernel.netlink.v1.RtnlUnregisterRequest;
import vkernel.netlink.v1.RtnlUnregisterResponse;
import vkernel.netlink.v1.SockDiagRegisterRequest;
import vkernel.netlink.v1.SockDiagRegisterResponse;
import vkernel.runtime.quarkus.KernelRuntime;

/**
 * rtnl_register_many / rtnl_unregister_all and sock_diag_register for the family
 * services, as leases they renew. A first registration (not a renewal) is an event.
 */
@GrpcService
public class RtnlRegistryServiceImpl extends RtnlRegistryServiceGrpc.RtnlRegistryServiceImplBase {
    @Inject
    NetlinkLayer layer;

    @Inject
    KernelRuntime runtime;

    @Inject
    NetlinkState state;

    @Override
    public void rtnlRegister(RtnlRegisterRequest req, StreamObserver<RtnlRegisterResponse> out) {
        RtnlHandlerTable t = layer.handlers();
        long now = System.currentTimeMillis();
        List<RtnlHandlerTable.Spec> specs = new ArrayList<>();
        boolean renewal = !req.getRowsList().isEmpty();
        for (RtnlHandlerRow r : req.getRowsList()) {
            specs.add(new RtnlHandlerTable.Spec(r.getProtocol(), r.getMsgtype(), r.getDoit(), r.getDumpit()));
            RtnlHandlerTable.Row cur = t.lookup(r.getProtocol(), r.getMsgtype(), now);
            renewal &= cur != null && cur.instanceId().equals(req.getInstanceId());
        }
        Errno e = t.register(specs, req.getAddress(), req.getInstanceId(), now);
        if (!renewal || e != Errno.ERRNO_UNSPECIFIED) {
            runtime.channels().instanceRegistered(req.getAddress());
            runtime.events().step("rtnl_register").field("rows", specs.size()).field("service", req.getAddress())
                    .field("instance", req.getInstanceId()).endErrno(e);
        }
        state.reply(out, RtnlRegisterResponse.newBuilder().setErrno(e)
                .setLeaseMs(e == Errno.ERRNO_UNSPECIFIED ? t.leaseMillis() : 0).build());
    }

    @Override
    public void rtnlUnregister(RtnlUnregisterRequest req, StreamObserver<RtnlUnregisterResponse> out) {
        layer.handlers().unregister(req.getInstanceId());
        runtime.events().step("rtnl_unregister_all").field("instance", req.getInstanceId()).end();
        state.reply(out, RtnlUnregisterResponse.getDefaultInstance());
    }

    @Override
    public void sockDiagRegister(SockDiagRegisterRequest req, StreamObserver<SockDiagRegisterResponse> out) {
        RtnlHandlerTable t = layer.handlers();
        long now = System.currentTimeMillis();
        RtnlHandlerTable.DiagRow cur = t.sockDiag(req.getFamily(), now);
        boolean renewal = cur != null && cur.instanceId().equals(req.getInstanceId());
        Errno e = t.sockDiagRegister(req.getFamily(), req.getAddress(), req.getInstanceId(), now);
        if (!renewal || e != Errno.ERRNO_UNSPECIFIED) {
            runtime.channels().instanceRegistered(req.getAddress());
            runtime.events().step("sock_diag_register").field("family", req.getFamily())
                    .field("service", req.getAddress()).field("instance", req.getInstanceId()).endErrno(e);
        }
        state.reply(out, SockDiagRegisterResponse.newBuilder().setErrno(e)
                .setLeaseMs(e == Errno.ERRNO_UNSPECIFIED ? t.leaseMillis() : 0).build());
    }
}
