package vkernel.vfs.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.List;
import org.jboss.logging.Logger;
import vkernel.cred.v1.Cred;
import vkernel.kernel.state.StateRecord;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;
import vkernel.runtime.state.StateOwner;
import vkernel.vfs.core.VfsRestore;
import vkernel.runtime.auth.Credentials;
import vkernel.vfs.core.Eventpolls;
import vkernel.vfs.core.Exit;
import vkernel.vfs.core.FileSystems;
import vkernel.vfs.core.FileTable;
import vkernel.vfs.core.Files;
import vkernel.vfs.core.ReadWrite;
import vkernel.vfs.core.Select;
import vkernel.vfs.core.Task;
import vkernel.vfs.core.Vfs;

/**
 * The one Vfs of this process and the core around it, wired to its ports; the lookup of
 * the calling task; the tables' restore from the state topic and the answer after durable.
 */
@ApplicationScoped
public class VfsState implements StateOwner {
    private static final Logger LOG = Logger.getLogger(VfsState.class);
    private final LayerState layerState;
    private final KernelRuntime runtime;
    private final Vfs vfs;
    private final FileSystems fileSystems;
    private final Files files;
    private final ReadWrite readWrite;
    private final Select select;
    private final Eventpolls eventpolls;
    private final Exit exit;
    private final FileTable fileTable;

    public VfsState(@ConfigProperty(name = "vkernel.vfs.file-max", defaultValue = "16777216") long fileMax, FileOwners owners,
            LayerState layerState, KernelRuntime runtime) {
        this.layerState = layerState;
        this.runtime = runtime;
        this.vfs = new Vfs(fileMax, layerState.changes());
        this.fileSystems = new FileSystems(FileSystems.LEASE_MS, System::currentTimeMillis, layerState.changes());
        ScheduledExecutorService pollTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vfs-poll");
            t.setDaemon(true);
            return t;
        });
        this.fileTable = new FileTable(vfs, fileSystems, owners, pollTimer); // the same timer retries releases
        this.files = new Files(vfs, fileTable);
        this.readWrite = new ReadWrite(vfs, fileTable);
        this.eventpolls = new Eventpolls(vfs, fileTable, pollTimer);
        this.select = new Select(vfs, fileTable, eventpolls, pollTimer);
        this.exit = new Exit(vfs, fileTable);
    }

    /**
     * Rebuilds the tables from the state topic. Inodes no file holds (a crash between a
     * call's records) go back to their owner once sockfs is registered again.
     */
    @Override
    public int rebuild(List<StateRecord> live) {
        VfsRestore.Restored r = VfsRestore.into(vfs, fileSystems, eventpolls, live);
        LOG.infof("restored %d tasks, %d files, %d fds, %d inodes; %d orphan inodes to release",
                r.tasks(), r.files(), r.fds(), r.inodes(), r.orphanInodes().size());
        if (!r.orphanInodes().isEmpty()) {
            releaseOrphansOnceSockfsIsBack(r.orphanInodes());
        }
        layerState.commit(); // the reconciled records (recounted f_count, tombstones)
        return r.tasks() + r.files() + r.fds() + r.inodes();
    }

    private void releaseOrphansOnceSockfsIsBack(List<Long> orphans) {
        Thread t = new Thread(() -> {
            try {
                while (fileSystems.getFsType(Vfs.SOCKFS) == null) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                return;
            }
            vkernel.runtime.events.Step step = runtime.events().step("reconcile").field("orphan_inodes", orphans.size());
            fileTable.releaseOrphans(orphans, new vkernel.runtime.events.StepTrace(step)).whenComplete((v, e) -> {
                step.end();
                layerState.commit();
            });
        }, "vfs-reconcile");
        t.setDaemon(true);
        t.start();
    }

    /** Answers once every change this call made (and any before it) is durable. */
    public <T> void reply(StreamObserver<T> out, T response) {
        layerState.reply(out, response);
    }

    /** Releases of sockfs inodes their owner has not taken yet (retried until it does). */
    public long releasesPending() {
        return fileTable.releasesPending();
    }

    /** Drops the answers kept for the retries of an exited task's calls. */
    public void forgetAnswers(Task t) {
        layerState.outcomes().forgetTask(t.cred().getPid(), t.generation());
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

    public Eventpolls eventpolls() {
        return eventpolls;
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

    /**
     * The task an inner layer names by its cred (already authenticated as a layer): the
     * cred's generation, from the task's token, must be the live task's.
     */
    public Task taskOf(Cred c) {
        return vfs.task(c.getPid(), c.getGeneration());
    }
}
