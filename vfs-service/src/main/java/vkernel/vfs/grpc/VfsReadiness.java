package vkernel.vfs.grpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import vkernel.vfs.core.FileSystemType;
import vkernel.vfs.core.Vfs;

/** Ready when the socket layer has registered sockfs: until then no socket can be made. */
@Readiness
@ApplicationScoped
public class VfsReadiness implements HealthCheck {
    @Inject
    VfsState state;

    @Override
    public HealthCheckResponse call() {
        FileSystemType sockfs = state.fileSystems().getFsType(Vfs.SOCKFS);
        return HealthCheckResponse.named("vfs")
                .status(sockfs != null)
                .withData("sockfs", sockfs != null ? sockfs.address() : "not registered")
                .withData("tasks", state.vfs().taskCount())
                .withData("inodes", state.vfs().inodeCount())
                .withData("files", state.vfs().nrFiles())
                .withData("releases_pending", state.releasesPending())
                .build();
    }
}
