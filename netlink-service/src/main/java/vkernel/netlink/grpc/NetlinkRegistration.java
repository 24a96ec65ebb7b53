package vkernel.netlink.grpc;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import vkernel.errno.v1.Errno;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.grpc.Lease;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.socket.v1.NetFamiliesServiceGrpc;
import vkernel.socket.v1.SockRegisterRequest;
import vkernel.socket.v1.SockUnregisterRequest;
import vkernel.uapi.Socket;

/**
 * netlink_proto_init's sock_register(&netlink_family_ops): PF_NETLINK registered with
 * socket-service and kept as a lease, so a restart on either side finds the other
 * again. Registered under the layer's restored identity, not this process's: the socks
 * a restored layer holds are the ones socket-service's sockets name. Ready while the
 * registration is held.
 */
@Readiness
@ApplicationScoped
public class NetlinkRegistration implements HealthCheck {
    @Inject
    KernelRuntime runtime;

    @Inject
    LayerState state;

    @Inject
    NetlinkLayer layer;

    @ConfigProperty(name = "vkernel.socket.address")
    String socketAddress;

    @ConfigProperty(name = "vkernel.netlink.register", defaultValue = "true")
    boolean register;

    private Lease lease;

    /** Registers once the tables are restored: a registered layer is one that serves. */
    void onStart(@Observes StartupEvent ev) {
        state.serving().thenRun(this::register);
    }

    private void register() {
        if (!register) {
            return;
        }
        lease = new Lease("PF_NETLINK at socket-service " + socketAddress, () -> Futures.of(stub()
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .sockRegister(SockRegisterRequest.newBuilder().setFamily(Socket.AF_NETLINK)
                        .setAddress(runtime.advertisedAddress()).setInstanceId(layer.af().identity()).build()))
                .thenApply(r -> r.getErrno() == Errno.ERRNO_UNSPECIFIED ? r.getLeaseMs() : 0L)).start();
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (lease == null) {
            return;
        }
        lease.close();
        try {
            stub().withDeadlineAfter(1, TimeUnit.SECONDS).sockUnregister(SockUnregisterRequest.newBuilder()
                    .setFamily(Socket.AF_NETLINK).setInstanceId(layer.af().identity()).build()).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // socket-service may be gone first; the lease lapses by itself
        }
    }

    private NetFamiliesServiceGrpc.NetFamiliesServiceFutureStub stub() {
        return NetFamiliesServiceGrpc.newFutureStub(runtime.channels().channel(socketAddress))
                .withCallCredentials(runtime.channels().credentials());
    }

    @Override
    public HealthCheckResponse call() {
        boolean held = lease != null && lease.held();
        return HealthCheckResponse.named("netlink")
                .status(held || !register)
                .withData("PF_NETLINK", held ? "registered" : "not registered")
                .withData("socks", layer.af().sockCount())
                .withData("rtnl_handlers", layer.handlers().size())
                .build();
    }
}
