package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.errno.v1.Errno.ERRNO_EIO;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Fcntl;

/** read(2) and write(2) against f_mode (FMODE_READ / FMODE_WRITE), the null device and the sockfs owner. */
class ReadWriteTest {
    private Vfs vfs;
    private FakeOwner owner;
    private FileSystems fileSystems;
    private ReadWrite rw;
    private Task task;
    private CurrentCall caller = CurrentCall.NONE;

    @BeforeEach
    void start() {
        vfs = new Vfs(1000);
        owner = new FakeOwner();
        fileSystems = new FileSystems(() -> 0);
        fileSystems.registerFilesystem(FileSystemType.of(Vfs.SOCKFS, "socket:7002", ""), "sock-1");
        rw = new ReadWrite(vfs, new FileTable(vfs, fileSystems, owner), () -> caller);
        task = vfs.spawn("t", 1000, 1000, 0, true, 0).task();
        // fds 0, 1, 2: the null device O_RDONLY, O_WRONLY, O_WRONLY; 3, 4, 5: sockets O_RDONLY, O_WRONLY, O_RDWR
        for (int acc : new int[] {Fcntl.O_RDONLY, Fcntl.O_WRONLY, Fcntl.O_RDWR}) {
            vfs.fdInstall(task, vfs.newInodePseudo(Vfs.SOCKFS).ino(), acc, false);
        }
    }

    private IoResult read(int fd, long count) {
        return rw.ksysRead(task, fd, count, Trace.NONE).join();
    }

    private IoResult write(int fd, String data) {
        return rw.ksysWrite(task, fd, ByteString.copyFromUtf8(data), Trace.NONE).join();
    }

    @ParameterizedTest(name = "read(fd {0}) = {1} {2}, owner asked: {3}")
    @CsvSource({
        "0, 0, UNSPECIFIED, false", // the null device is at end of file
        "1, -1, EBADF, false", // opened O_WRONLY
        "2, -1, EBADF, false",
        "3, 5, UNSPECIFIED, true", // a socket opened for reading
        "4, -1, EBADF, false",
        "5, 5, UNSPECIFIED, true",
        "6, -1, EBADF, false", // not open
        "-1, -1, EBADF, false",
    })
    void readNeedsFmodeRead(int fd, long ret, String errno, boolean asked) {
        IoResult r = read(fd, 100);
        assertEquals(ret, r.ret());
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(asked ? 1 : 0, owner.calls.size());
        if (asked) {
            assertEquals("hello", r.data().toStringUtf8());
        }
    }

    @ParameterizedTest(name = "write(fd {0}, 3 bytes) = {1} {2}, owner asked: {3}")
    @CsvSource({
        "0, -1, EBADF, false", // opened O_RDONLY
        "1, 3, UNSPECIFIED, false", // the null device swallows it
        "2, 3, UNSPECIFIED, false",
        "3, -1, EBADF, false",
        "4, 3, UNSPECIFIED, true",
        "5, 3, UNSPECIFIED, true",
        "6, -1, EBADF, false",
    })
    void writeNeedsFmodeWrite(int fd, long ret, String errno, boolean asked) {
        IoResult r = write(fd, "abc");
        assertEquals(ret, r.ret());
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(asked ? List.of("write_iter " + vfs.fget(task, fd).inode().ino() + " 3") : List.of(), owner.calls);
    }

    @Test
    void aZeroLengthReadIsZeroWithoutAskingTheOwner() {
        assertEquals(0, read(5, 0).ret());
        assertEquals(List.of(), owner.calls);
    }

    /**
     * vfs_read: count is a size_t (uint64 bits; 2^63 and up are negative longs). Up to the
     * end of user space a buffer may exist: the owner is asked for at most MAX_RW_COUNT.
     * Beyond it access_ok fails before the cut: EFAULT, on a socket and on the null device
     * alike, the owner never asked. EBADF still comes first.
     */
    @ParameterizedTest(name = "read(fd {0}, count {1} as uint64 bits) = {2} {3}, owner asked for {4}")
    @CsvSource({
        "5, 10, 5, UNSPECIFIED, 10",
        "5, 2147479552, 5, UNSPECIFIED, 2147479552", // MAX_RW_COUNT
        "5, 2147479553, 5, UNSPECIFIED, 2147479552",
        "5, 4294967296, 5, UNSPECIFIED, 2147479552",
        "5, 140737488351232, 5, UNSPECIFIED, 2147479552", // TASK_SIZE_MAX: may still be a buffer
        "5, 140737488351233, -1, EFAULT, -",
        "5, 9223372036854775807, -1, EFAULT, -",
        "5, -9223372036854775808, -1, EFAULT, -", // 2^63
        "5, -1, -1, EFAULT, -", // 2^64 - 1
        "0, -1, -1, EFAULT, -", // the null device: access_ok comes before its end of file
        "1, -1, -1, EBADF, -", // not opened for reading: FMODE_READ comes first
        "6, -1, -1, EBADF, -", // not open
    })
    void readCountIsASizeTCutToMaxRwCountOrEfaultBeyondUserSpace(int fd, long count, long ret, String errno, String asked) {
        IoResult r = read(fd, count);
        assertEquals(ret, r.ret());
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(asked.equals("-") ? List.of() : List.of("read_iter " + vfs.fget(task, fd).inode().ino() + " " + asked),
                owner.calls);
    }

    @Test
    void fSetflOfTheAccessModeDoesNotMakeAFileWritable() {
        vfs.fcntl(task, 3, Fcntl.F_SETFL, Fcntl.O_RDWR);
        assertEquals(Errno.ERRNO_EBADF, write(3, "x").errno());
    }

    @Test
    void anUnreachableOwnerIsEio() {
        owner.failure = new IllegalStateException("unavailable");
        assertEquals(ERRNO_EIO, read(5, 10).errno());
        assertEquals(ERRNO_EIO, write(5, "x").errno());
    }

    @ParameterizedTest(name = "owner fails, caller interrupted {0}, {1} ms to its deadline: {2}")
    @CsvSource({
        "false, " + Long.MAX_VALUE + ", EIO",
        "true, " + Long.MAX_VALUE + ", EINTR",
        "false, 0, EINTR",
        "false, -5, EINTR",
        "false, 100, EIO",
    })
    void aFailedCallIsASignalWhenTheCallerGaveUp(boolean interrupted, long toDeadline, String errno) {
        caller = new CurrentCall() {
            @Override
            public long millisToDeadline() {
                return toDeadline;
            }

            @Override
            public boolean interrupted() {
                return interrupted;
            }

            @Override
            public void onInterrupt(Runnable onInterrupt) {}
        };
        owner.failure = new IllegalStateException("cancelled");
        IoResult r = read(5, 10);
        assertEquals(-1, r.ret());
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(Errno.valueOf("ERRNO_" + errno), write(5, "x").errno());
    }

    @Test
    void aSocketWithNoOwnerEverRegisteredIsEio() {
        Vfs alone = new Vfs(1000);
        ReadWrite rw2 = new ReadWrite(alone, new FileTable(alone, new FileSystems(() -> 0), owner));
        Task t = alone.spawn("t", 1000, 1000, 0, true, 0).task();
        int fd = (int) alone.fdInstall(t, alone.newInodePseudo(Vfs.SOCKFS).ino(), Fcntl.O_RDWR, false).ret();
        assertEquals(ERRNO_EIO, rw2.ksysRead(t, fd, 1, Trace.NONE).join().errno());
        assertEquals(ERRNO_EIO, rw2.ksysWrite(t, fd, ByteString.copyFromUtf8("x"), Trace.NONE).join().errno());
        assertEquals(List.of(), owner.calls);
    }
}
