package vkernel.vfs.grpc;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import vkernel.runtime.quarkus.KernelMetrics;

/** vfs-service's tables in /q/metrics. */
@ApplicationScoped
public class VfsMetrics {
    @Inject
    KernelMetrics metrics;

    @Inject
    VfsState state;

    void onStart(@Observes StartupEvent ev) {
        metrics.table("tasks", () -> state.vfs().taskCount());
        metrics.table("files", () -> state.vfs().nrFiles());
        metrics.table("inodes", () -> state.vfs().inodeCount());
    }
}
