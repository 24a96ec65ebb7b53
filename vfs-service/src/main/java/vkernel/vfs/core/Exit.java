package vkernel.vfs.core;

import java.util.concurrent.CompletableFuture;
import vkernel.kernel.trace.Trace;

/**
 * A task's end (kernel/exit.c:do_exit): exit_files releases every file the task held
 * alone, then a namespace whose last task this was is cleaned up (cleanup_net).
 */
public final class Exit {
    private final Vfs vfs;
    private final FileTable fileTable;

    public Exit(Vfs vfs, FileTable fileTable) {
        this.vfs = vfs;
        this.fileTable = fileTable;
    }

    /**
     * Follows kernel/exit.c:do_exit (a do_exit step under syscall). Completes once every
     * file is released; the namespace's cleanup is sent then and outlives the exit.
     */
    public CompletableFuture<Void> doExit(Task t, Trace syscall) {
        Trace doExit = syscall.child("do_exit");
        Vfs.Exited ex = vfs.exit(t);
        return fileTable.fput(ex.released(), doExit).handle((r, err) -> {
            if (ex.deadNetns() >= 0) {
                fileTable.cleanupNet(ex.deadNetns(), doExit.child("cleanup_net").object("netns", ex.deadNetns()));
            }
            doExit.end();
            return null;
        });
    }
}
