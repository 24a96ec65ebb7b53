package vkernel.socket.core;

import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;

/**
 * What socket-service asks of vfs-service (fs/inode.c, fs/file.c): inodes on sockfs and
 * the task's fd table. Each call runs within the step given (its events descend from it);
 * an answer carries the errno vfs-service gave, a failed future a {@link LayerFailure}.
 * Calls must not block; the undo calls (iput, putUnusedFd) run even when the caller is gone.
 */
public interface Vfs {
    /** new_inode_pseudo on the superblock of fsType. */
    CompletableFuture<Inode> newInode(Cred cred, String fsType, Trace within);

    /** iput: the inode goes back (also after the caller was interrupted). */
    CompletableFuture<Void> iput(long ino, Trace within);

    /**
     * get_unused_fd_flags: the lowest free fd, or atFd when it is &gt;= 0 (EBUSY when it is
     * not free: SocketRequest.at_fd), held until installed or put back.
     */
    CompletableFuture<Fd> getUnusedFd(Cred cred, int atFd, Trace within);

    /** put_unused_fd (also after the caller was interrupted). */
    CompletableFuture<Void> putUnusedFd(Cred cred, int fd, Trace within);

    /**
     * fd_install of a new file on ino at reservedFd (held by getUnusedFd) when it is &gt;= 0,
     * else at atFd (which must be free) when that is, else at the lowest free fd.
     */
    CompletableFuture<Fd> fdInstall(Cred cred, long ino, int fFlags, boolean cloexec, int reservedFd, int atFd, Trace within);

    /** fget: the file at fd. */
    CompletableFuture<File> fget(Cred cred, int fd, Trace within);

    /**
     * The inodes of fsType that some task's fd holds now, as root finds them walking
     * /proc/PID/fd: a restored socket-service's reconcile, to release the sockets whose
     * file vfs-service closed while it was down.
     */
    CompletableFuture<java.util.Set<Long>> heldInodes(String fsType, Trace within);

    record Inode(Errno errno, long ino) {}

    record Fd(Errno errno, int fd) {}

    /** A struct file as socket-service needs it: its inode, its filesystem, its f_flags. */
    record File(Errno errno, long ino, String fsType, int fFlags) {}
}
