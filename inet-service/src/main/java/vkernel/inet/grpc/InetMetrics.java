package vkernel.inet.grpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import vkernel.runtime.quarkus.KernelMetrics;

/** inet-service's tables in /q/metrics. */
@ApplicationScoped
public class InetMetrics {
    @Inject
    KernelMetrics metrics;

    @Inject
    InetStack stack;

    void onStart(@Observes StartupEvent ev) {
        metrics.table("inet_socks", () -> stack.af().sockCount());
        metrics.table("netns", () -> stack.af().netCount());
    }
}
