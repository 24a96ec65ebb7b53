package vkernel.vfs.core;

import com.google.protobuf.ByteString;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.trace.Trace;

/**
 * read(2) and write(2) (fs/read_write.c): checked against the file's mode, then served
 * by the file's operations: the null device here, other filesystems by their owner.
 */
public final class ReadWrite {
    static final long MAX_RW_COUNT = vkernel.uapi.Fs.MAX_RW_COUNT;
    /**
     * The end of user space: x86-64's TASK_SIZE_MAX with 4-level paging, (1 &lt;&lt; 47) -
     * PAGE_SIZE. access_ok(buf, count) fails for a count beyond it wherever buf is.
     */
    static final long TASK_SIZE_MAX = (1L << 47) - 4096;

    private final Vfs vfs;
    private final FileTable fileTable;
    private final Supplier<CurrentCall> currentCall;

    public ReadWrite(Vfs vfs, FileTable fileTable) {
        this(vfs, fileTable, CurrentCall::get);
    }

    public ReadWrite(Vfs vfs, FileTable fileTable, Supplier<CurrentCall> currentCall) {
        this.vfs = vfs;
        this.fileTable = fileTable;
        this.currentCall = currentCall;
    }

    /**
     * Follows fs/read_write.c:ksys_read and vfs_read: EBADF for a closed fd or one not
     * opened for reading (FMODE_READ). count is a size_t (the contract's uint64, in a
     * long's bits: 2^63 and above read as negative, and are only large). access_ok(buf,
     * count) comes next, before the count is cut: a buffer larger than user space lies
     * nowhere in it (EFAULT; every count of 2^63 or more is one), while one that may is
     * taken as the caller's. Then the null device is at end of file, a zero-length read
     * is 0, and the owner is asked for at most MAX_RW_COUNT bytes. Call it on the thread
     * serving the call. Never completes exceptionally.
     */
    public CompletableFuture<IoResult> ksysRead(Task t, int fd, long count, Trace syscall) {
        CurrentCall caller = currentCall.get();
        File f = vfs.fget(t, fd);
        if (f == null || !f.readable()) {
            return done(IoResult.fail(Errno.ERRNO_EBADF));
        }
        if (Long.compareUnsigned(count, TASK_SIZE_MAX) > 0) {
            return done(IoResult.fail(Errno.ERRNO_EFAULT));
        }
        if (Eventpolls.isEpoll(f)) {
            return done(IoResult.fail(Errno.ERRNO_EINVAL)); // eventpoll_fops has no read: !FMODE_CAN_READ
        }
        if (Vfs.NULLFS.equals(f.inode().fsType()) || count == 0) {
            return done(IoResult.EOF);
        }
        long len = Math.min(count, MAX_RW_COUNT);
        FileOperations ops = fileTable.ownerOf(f.inode().fsType());
        if (ops == null) {
            return done(IoResult.fail(Errno.ERRNO_EIO));
        }
        return FileTable.call(() -> ops.readIter(t.cred(), f.inode().ino(), len, f.fFlags(), syscall))
                .handle((r, err) -> err == null ? r : IoResult.fail(ownerFailed(caller)));
    }

    /**
     * Follows fs/read_write.c:ksys_write and vfs_write: EBADF for a closed fd or one not
     * opened for writing (FMODE_WRITE); the null device swallows everything. Call it on
     * the thread serving the call. Never completes exceptionally.
     */
    public CompletableFuture<IoResult> ksysWrite(Task t, int fd, ByteString data, Trace syscall) {
        CurrentCall caller = currentCall.get();
        File f = vfs.fget(t, fd);
        if (f == null || !f.writable()) {
            return done(IoResult.fail(Errno.ERRNO_EBADF));
        }
        if (Eventpolls.isEpoll(f)) {
            return done(IoResult.fail(Errno.ERRNO_EINVAL)); // nor a write: !FMODE_CAN_WRITE
        }
        if (Vfs.NULLFS.equals(f.inode().fsType())) {
            return done(IoResult.ok(data.size()));
        }
        FileOperations ops = fileTable.ownerOf(f.inode().fsType());
        if (ops == null) {
            return done(IoResult.fail(Errno.ERRNO_EIO));
        }
        return FileTable.call(() -> ops.writeIter(t.cred(), f.inode().ino(), data, f.fFlags(), syscall))
                .handle((r, err) -> err == null ? r : IoResult.fail(ownerFailed(caller)));
    }

    /**
     * A call to the file's owner failed: a signal if the caller gave up or its time ran
     * out (EINTR), else the owner is unreachable (EIO). A passed deadline counts even
     * before the transport noticed it: the call made for it inherits the deadline and
     * may report it first.
     */
    static Errno ownerFailed(CurrentCall caller) {
        return caller.interrupted() || caller.millisToDeadline() <= 0 ? Errno.ERRNO_EINTR : Errno.ERRNO_EIO;
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
