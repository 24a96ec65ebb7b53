package vkernel.vfs.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import vkernel.cred.v1.Cred;
import vkernel.runtime.auth.Credentials;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;

/** The one Vfs of this process, and the lookup of the calling task. */
@ApplicationScoped
public class VfsState {
    private final Vfs vfs;

    public VfsState(@ConfigProperty(name = "vkernel.vfs.file-max", defaultValue = "16777216") long fileMax) {
        this.vfs = new Vfs(fileMax);
    }

    public Vfs vfs() {
        return vfs;
    }

    /**
     * The task whose token authenticated this user-facing call. A task that has exited
     * is refused with UNAUTHENTICATED (its token died with it) and null is returned.
     */
    public Task currentTask(StreamObserver<?> out) {
        Cred c = Credentials.task();
        Task t = vfs.task(c.getPid(), Credentials.generation());
        if (t == null) {
            out.onError(new StatusRuntimeException(Status.UNAUTHENTICATED.withDescription("task " + c.getPid() + " has exited")));
        }
        return t;
    }

    /** The task an inner layer names by its cred (already authenticated as a layer). */
    public Task taskOf(Cred c) {
        return vfs.task(c.getPid(), 0);
    }
}
