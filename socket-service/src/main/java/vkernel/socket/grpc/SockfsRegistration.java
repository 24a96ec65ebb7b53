package vkernel.socket.grpc;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import vkernel.errno.v1.Errno;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.grpc.Lease;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.socket.core.NetFamilies;
import vkernel.vfs.v1.FilesystemServiceGrpc;
import vkernel.vfs.v1.RegisterFilesystemRequest;
import vkernel.vfs.v1.UnregisterFilesystemRequest;

/**
 * sock_init: registers sockfs with vfs-service (register_filesystem) and keeps the
 * registration alive. Ready once sockfs is registered and every required family is
 * (a family whose service is gone makes the kernel not ready, though it keeps serving
 * the others).
 */
@Readiness
@ApplicationScoped
public class SockfsRegistration implements HealthCheck {
    @Inject
    KernelRuntime runtime;

    @Inject
    LayerState state;

    @Inject
    SocketLayer layer;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "vkernel.vfs.address")
    String vfsAddress;

    /** The families this kernel is not ready without (AF_INET, AF_NETLINK). */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "vkernel.socket.required-families", defaultValue = "2,16")
    java.util.List<Integer> requiredFamilies;

    private Lease lease;

    /** Registers once the tables are restored: a registered layer is one that serves. */
    void onStart(@Observes StartupEvent ev) {
        state.serving().thenRun(this::register);
    }

    private void register() {
        lease = new Lease("sockfs at vfs-service " + vfsAddress, () -> Futures.of(stub().withDeadlineAfter(2, TimeUnit.SECONDS)
                .registerFilesystem(RegisterFilesystemRequest.newBuilder().setFsType("sockfs")
                        .setAddress(runtime.advertisedAddress()).setPublicAddress(runtime.publicAddress())
                        .setInstanceId(runtime.instanceId()).build()))
                .thenApply(r -> r.getErrno() == Errno.ERRNO_UNSPECIFIED ? r.getLeaseMs() : 0L)).start();
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (lease != null) {
            lease.close();
        }
        try {
            stub().withDeadlineAfter(1, TimeUnit.SECONDS).unregisterFilesystem(UnregisterFilesystemRequest.newBuilder()
                    .setFsType("sockfs").setInstanceId(runtime.instanceId()).build()).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // vfs-service may be gone first; the lease lapses by itself
        }
    }

    private FilesystemServiceGrpc.FilesystemServiceFutureStub stub() {
        return FilesystemServiceGrpc.newFutureStub(runtime.channels().channel(vfsAddress))
                .withCallCredentials(runtime.channels().credentials());
    }

    @Override
    public HealthCheckResponse call() {
        var live = layer.families().live(System.currentTimeMillis());
        StringBuilder names = new StringBuilder();
        java.util.Set<Integer> registered = new java.util.HashSet<>();
        for (NetFamilies.Registration r : live) {
            names.append(names.length() == 0 ? "" : ",").append(r.family());
            registered.add(r.family());
        }
        return HealthCheckResponse.named("socket")
                .status(lease != null && lease.held() && registered.containsAll(requiredFamilies))
                .withData("sockfs", lease != null && lease.held() ? "registered" : "not registered")
                .withData("families", names.toString())
                .withData("sockets", layer.sockets().size())
                .build();
    }
}
