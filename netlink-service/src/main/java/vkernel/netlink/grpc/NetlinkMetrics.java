package vkernel.netlink.grpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import vkernel.runtime.quarkus.KernelMetrics;

/** netlink-service's tables in /q/metrics. */
@ApplicationScoped
public class NetlinkMetrics {
    @Inject
    KernelMetrics metrics;

    @Inject
    NetlinkLayer layer;

    void onStart(@Observes StartupEvent ev) {
        metrics.table("netlink_socks", () -> layer.af().sockCount());
        metrics.table("rtnl_handlers", () -> layer.handlers().size());
    }
}
