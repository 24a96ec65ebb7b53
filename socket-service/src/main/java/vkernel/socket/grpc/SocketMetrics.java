package vkernel.socket.grpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import vkernel.runtime.quarkus.KernelMetrics;

/** socket-service's tables in /q/metrics. */
@ApplicationScoped
public class SocketMetrics {
    @Inject
    KernelMetrics metrics;

    @Inject
    SocketLayer layer;

    void onStart(@Observes StartupEvent ev) {
        metrics.table("sockets", () -> layer.sockets().size());
        metrics.table("net_families", () -> layer.families().live(System.currentTimeMillis()).size());
    }
}
