package vkernel.vfs.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import vkernel.cred.v1.Cred;
import vkernel.runtime.auth.Credentials;
import vkernel.vfs.core.Exit;
import vkernel.vfs.core.FileSystems;
import vkernel.vfs.core.FileTable;
import vkernel.vfs.core.Files;
import vkernel.vfs.core.ReadWrite;
import vkernel.vfs.core.Select;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;

/** The one Vfs of this process and the core around it, wired to its ports; the lookup of the calling task. */
@ApplicationScoped
public class VfsState {
    private final Vfs vfs;
    private final FileSystems fileSystems;
    private final Files files;
    private final ReadWrite readWrite;
    private final Select select;
    private final Exit exit;

    public VfsState(@ConfigProperty(name = "vkernel.vfs.file-max", defaultValue = "16777216") long fileMax, FileOwners owners) {
        this.vfs = new Vfs(fileMax);
        this.fileSystems = new FileSystems(System::currentTimeMillis);
        FileTable fileTable = new FileTable(vfs, fileSystems, owners);
        ScheduledExecutorService pollTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vfs-poll");
            t.setDaemon(true);
            return t;
        });
        this.files = new Files(vfs, fileTable);
        this.readWrite = new ReadWrite(vfs, fileTable);
        this.select = new Select(vfs, fileTable, pollTimer);
        this.exit = new Exit(vfs, fileTable);
    }

    public Vfs vfs() {
        return vfs;
    }

    public FileSystems fileSystems() {
        return fileSystems;
    }

    public Files files() {
        return files;
    }

    public ReadWrite readWrite() {
        return readWrite;
    }

    public Select select() {
        return select;
    }

    public Exit exit() {
        return exit;
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
