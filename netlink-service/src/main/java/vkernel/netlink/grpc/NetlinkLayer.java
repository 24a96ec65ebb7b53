package vkernel.netlink.grpc;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import vkernel.netlink.core.AfNetlink;
import vkernel.netlink.core.MulticastBus;
import vkernel.netlink.core.RtnlHandlerTable;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;

/**
 * netlink-service's state: the PF_NETLINK core (nl_table, its socks) and the rtnl
 * handler table the family services fill, wired to their gRPC services; both record
 * their changes for the state topic. The multicast
 * bus starts as none; the Kafka binding plugs itself in when it starts.
 */
@ApplicationScoped
public class NetlinkLayer {
    @Inject
    KernelRuntime runtime;

    @Inject
    LayerState state;

    @ConfigProperty(name = "vkernel.netlink.rtnl-lease-ms", defaultValue = "3000")
    long rtnlLeaseMillis;

    private AfNetlink af;

    @PostConstruct
    void init() {
        RtnlHandlerTable handlers = new RtnlHandlerTable(rtnlLeaseMillis, state.changes());
        af = new AfNetlink(handlers, new GrpcRtnlHandlerClient(runtime), MulticastBus.NONE, new SplittableRandom(),
                System::currentTimeMillis, state.changes());
    }

    public AfNetlink af() {
        return af;
    }

    public RtnlHandlerTable handlers() {
        return af.handlers();
    }
}
