package vkernel.vfs.core;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;

/**
 * struct file_operations of a filesystem whose owner is another layer (sockfs:
 * socket-service's socket_file_ops), and that owner's pernet exit. The core's port: the
 * binding implements it with calls to the owner. Every call answers later and never
 * blocks; a call that cannot reach the owner completes exceptionally.
 */
public interface FileOperations {
    /** f_op->read_iter, made within t (the read's step). */
    CompletableFuture<IoResult> readIter(Cred cred, long ino, long count, int fFlags, Trace t);

    /** f_op->write_iter, made within t (the write's step). */
    CompletableFuture<IoResult> writeIter(Cred cred, long ino, ByteString data, int fFlags, Trace t);

    /**
     * f_op->poll: the file's mask and its wait queue's wake-up count. The owner waits on
     * the file's wait queue up to timeoutMs (negative: no limit) for one of events, POLLERR
     * or POLLHUP, and when afterWake is not {@link Revents#LEVEL} also for a wake-up after
     * the afterWake-th (epoll's edge trigger); it answers "nothing" only when that time
     * has passed. Cancelling the answer cancels the wait.
     */
    CompletableFuture<Revents> poll(Cred cred, long ino, int events, int timeoutMs, long afterWake, Trace t);

    /**
     * f_op->release on the last fput. Sent even if the caller of close() gave up: the
     * binding detaches it from the caller's cancellation, as __fput runs after a signal.
     */
    CompletableFuture<Void> release(long ino, Trace fput);

    /** pernet_operations.exit of the owner: a namespace's last task is gone. Detached as release is. */
    CompletableFuture<Void> netnsExit(long netns, Trace cleanup);

    /** Reaches the owner a filesystem was registered by. */
    interface Owners {
        FileOperations of(FileSystemType owner);
    }
}
