package vkernel.inet.grpc;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import vkernel.errno.v1.Errno;
import vkernel.netlink.v1.RtnlHandlerRow;
import vkernel.netlink.v1.RtnlRegisterRequest;
import vkernel.netlink.v1.RtnlRegistryServiceGrpc;
import vkernel.netlink.v1.RtnlUnregisterRequest;
import vkernel.netlink.v1.SockDiagRegisterRequest;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.grpc.Lease;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.socket.v1.NetFamiliesServiceGrpc;
import vkernel.socket.v1.SockRegisterRequest;
import vkernel.socket.v1.SockUnregisterRequest;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;

/**
 * inet_init, as leases: sock_register(&inet_family_ops) with socket-service, and
 * rtnl_register(PF_INET, RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE) with
 * netlink-service (ip_fib_init), and sock_diag_register(&inet_diag_handler) for AF_INET
 * (inet_diag_init), each renewed while this process lives. Ready while all hold.
 */
@Readiness
@ApplicationScoped
public class InetRegistration implements HealthCheck {
    /**
     * ip_fib_init's rows (route doits, the route dump), devinet_init's address doits and dump, and
     * rtnetlink_init's PF_UNSPEC link rows: the devices live here, beside the FIB.
     */
    static final List<RtnlHandlerRow> RTNL_ROWS = List.of(
            row(Socket.PF_INET, Rtnetlink.RTM_NEWROUTE, true, false),
            row(Socket.PF_INET, Rtnetlink.RTM_DELROUTE, true, false),
            row(Socket.PF_INET, Rtnetlink.RTM_GETROUTE, true, true),
            row(Socket.PF_INET, Rtnetlink.RTM_NEWADDR, true, false),
            row(Socket.PF_INET, Rtnetlink.RTM_DELADDR, true, false),
            row(Socket.PF_INET, Rtnetlink.RTM_GETADDR, false, true),
            row(Socket.PF_UNSPEC, Rtnetlink.RTM_NEWLINK, true, false),
            row(Socket.PF_UNSPEC, Rtnetlink.RTM_DELLINK, true, false),
            row(Socket.PF_UNSPEC, Rtnetlink.RTM_GETLINK, true, true),
            row(Socket.PF_UNSPEC, Rtnetlink.RTM_SETLINK, true, false));

    @Inject
    KernelRuntime runtime;

    @Inject
    LayerState state;

    /** The instance identity registrations carry: the tables', restored with them. */
    @Inject
    InetState inetState;

    @Inject
    InetStack stack;

    @ConfigProperty(name = "vkernel.socket.address")
    String socketAddress;

    @ConfigProperty(name = "vkernel.netlink.address")
    String netlinkAddress;

    private Lease family;
    private Lease rtnl;
    private Lease diag;
    private Lease diag6;

    private static RtnlHandlerRow row(int protocol, int msgtype, boolean doit, boolean dumpit) {
        return RtnlHandlerRow.newBuilder().setProtocol(protocol).setMsgtype(msgtype).setDoit(doit).setDumpit(dumpit)
                .build();
    }

    /** Registers once the tables are restored: a registered layer is one that serves. */
    void onStart(@Observes StartupEvent ev) {
        state.serving().thenRun(this::register);
    }

    private void register() {
        family = new Lease("PF_INET at socket-service " + socketAddress, () -> Futures.of(families()
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .sockRegister(SockRegisterRequest.newBuilder().setFamily(Socket.AF_INET)
                        .setAddress(runtime.advertisedAddress()).setInstanceId(inetState.instanceId()).build()))
                .thenApply(r -> r.getErrno() == Errno.ERRNO_UNSPECIFIED ? r.getLeaseMs() : 0L)).start();
        rtnl = new Lease("PF_INET rtnetlink at netlink-service " + netlinkAddress, () -> Futures.of(registry()
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .rtnlRegister(RtnlRegisterRequest.newBuilder().addAllRows(RTNL_ROWS)
                        .setAddress(runtime.advertisedAddress()).setInstanceId(inetState.instanceId()).build()))
                .thenApply(r -> r.getErrno() == Errno.ERRNO_UNSPECIFIED ? r.getLeaseMs() : 0L)).start();
        diag = diagLease(Socket.AF_INET);
        // inet_diag registers inet6_diag_handler too, with or without IPv6: an AF_INET6 dump is
        // empty here, where ss would otherwise fall back to the host's /proc/net/tcp6.
        diag6 = diagLease(Socket.AF_INET6);
    }

    private Lease diagLease(int family) {
        return new Lease("family " + family + " sock_diag at netlink-service " + netlinkAddress, () -> Futures.of(registry()
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .sockDiagRegister(SockDiagRegisterRequest.newBuilder().setFamily(family)
                        .setAddress(runtime.advertisedAddress()).setInstanceId(inetState.instanceId()).build()))
                .thenApply(r -> r.getErrno() == Errno.ERRNO_UNSPECIFIED ? r.getLeaseMs() : 0L)).start();
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (family != null) {
            family.close();
        }
        if (rtnl != null) {
            rtnl.close();
        }
        if (diag != null) {
            diag.close();
        }
        if (diag6 != null) {
            diag6.close();
        }
        try {
            families().withDeadlineAfter(1, TimeUnit.SECONDS).sockUnregister(SockUnregisterRequest.newBuilder()
                    .setFamily(Socket.AF_INET).setInstanceId(inetState.instanceId()).build()).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // socket-service may be gone first; the lease lapses by itself
        }
        try {
            registry().withDeadlineAfter(1, TimeUnit.SECONDS).rtnlUnregister(RtnlUnregisterRequest.newBuilder()
                    .setInstanceId(inetState.instanceId()).build()).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // likewise for netlink-service
        }
    }

    private NetFamiliesServiceGrpc.NetFamiliesServiceFutureStub families() {
        return NetFamiliesServiceGrpc.newFutureStub(runtime.channels().channel(socketAddress))
                .withCallCredentials(runtime.channels().credentials());
    }

    private RtnlRegistryServiceGrpc.RtnlRegistryServiceFutureStub registry() {
        return RtnlRegistryServiceGrpc.newFutureStub(runtime.channels().channel(netlinkAddress))
                .withCallCredentials(runtime.channels().credentials());
    }

    @Override
    public HealthCheckResponse call() {
        boolean f = family != null && family.held();
        boolean r = rtnl != null && rtnl.held();
        boolean d = diag != null && diag.held();
        return HealthCheckResponse.named("inet").status(f && r && d)
                .withData("PF_INET", f ? "registered" : "not registered")
                .withData("rtnetlink", r ? "registered" : "not registered")
                .withData("sock_diag", d ? "registered" : "not registered")
                .withData("socks", stack.af().sockCount())
                .build();
    }
}
