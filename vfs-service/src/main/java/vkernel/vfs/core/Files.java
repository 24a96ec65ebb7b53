package vkernel.vfs.core;

import java.util.concurrent.CompletableFuture;
import vkernel.kernel.trace.Trace;

/**
 * The fd syscalls (fs/open.c:close, fs/file.c:dup, dup2, dup3, fs/fcntl.c:fcntl): the
 * fd table changes at once under {@link Vfs}'s lock; a file whose last fd went is
 * released ({@link FileTable#fput}) before the call returns, as Linux runs __fput as
 * task_work before returning to the caller: the peer sees the FIN at once.
 */
public final class Files {
    private final Vfs vfs;
    private final FileTable fileTable;

    public Files(Vfs vfs, FileTable fileTable) {
        this.vfs = vfs;
        this.fileTable = fileTable;
    }

    /** Follows fs/open.c:close: close_fd (a step of its own), then __fput of the last reference. */
    public CompletableFuture<Vfs.Result> close(Task t, int fd, Trace syscall) {
        Trace closeFd = syscall.child("close_fd").object("fd", fd);
        Vfs.Result r = vfs.close(t, fd);
        closeFd.end(r.ret(), r.errno());
        return released(r, syscall);
    }

    /** Follows fs/file.c:dup. */
    public Vfs.Result dup(Task t, int oldfd) {
        return vfs.dup(t, oldfd);
    }

    /** Follows fs/file.c:dup2: the file newfd held is released. */
    public CompletableFuture<Vfs.Result> dup2(Task t, int oldfd, int newfd, Trace syscall) {
        return released(vfs.dup2(t, oldfd, newfd), syscall);
    }

    /** Follows fs/file.c:ksys_dup3: the file newfd held is released. */
    public CompletableFuture<Vfs.Result> dup3(Task t, int oldfd, int newfd, int flags, Trace syscall) {
        return released(vfs.dup3(t, oldfd, newfd, flags), syscall);
    }

    /** Follows fs/fcntl.c:do_fcntl. */
    public Vfs.Result fcntl(Task t, int fd, int cmd, long arg) {
        return vfs.fcntl(t, fd, cmd, arg);
    }

    private CompletableFuture<Vfs.Result> released(Vfs.Result r, Trace syscall) {
        return fileTable.fput(r.released(), syscall).handle((v, e) -> r);
    }
}
