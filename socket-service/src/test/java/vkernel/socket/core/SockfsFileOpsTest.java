package vkernel.socket.core;

import vkernel.kernel.trace.RecordingTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.socket.core.Fixture.CRED;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Poll;
import vkernel.uapi.Socket;

/** socket_file_ops as vfs-service calls them. */
class SockfsFileOpsTest {
    private final Fixture k = new Fixture();

    private long ino(int fd) {
        return k.vfs.fds.get(fd).ino();
    }

    @Test
    void closeReleasesTheFamilysSockAndForgetsTheSocket() {
        long ino = ino(k.socket(Socket.SOCK_STREAM));
        k.fileOps.release(ino, new RecordingTrace("sock_close")).join();
        assertEquals(0, k.fs.sockets().size());
        assertEquals(0, k.inet.socks.size());
        k.fileOps.release(ino, new RecordingTrace("sock_close")).join();
        assertEquals(List.of("create@__sock_create", "release@sock_close"), k.inet.calls, "a second close finds nothing to release");
    }

    @ParameterizedTest(name = "f_flags {0}: msg flags {1}")
    @CsvSource({"2, 0", "2050, 64"})
    void readAndWriteAreDontwaitWhenTheFileIsNonblocking(int fFlags, int msgFlags) {
        long ino = ino(k.socket(Socket.SOCK_DGRAM));
        assertEquals(FamilyOps.Received.error(Errno.ERRNO_EAGAIN),
                k.fileOps.readIter(CRED, ino, fFlags, 10, new RecordingTrace("sock_read_iter")).join());
        assertEquals(msgFlags, k.inet.lastFlags);
        assertEquals((fFlags & Fcntl.O_NONBLOCK) != 0, k.inet.lastNonblock);
        assertEquals(new SysRet(3, Errno.ERRNO_UNSPECIFIED),
                k.fileOps.writeIter(CRED, ino, fFlags, ByteString.copyFromUtf8("abc"), new RecordingTrace("sock_write_iter")).join());
        assertEquals(msgFlags, k.inet.lastFlags);
    }

    @Test
    void aSocketWhoseFamilyIsGoneReadsEioAndPollsPollerr() {
        long ino = ino(k.socket(Socket.SOCK_STREAM));
        assertEquals(new Revents(Poll.POLLIN, 3), poll(ino, Revents.LEVEL));
        k.fs.families().drop(Socket.AF_INET, "inet-1"); // it stopped answering
        assertEquals(Revents.of(Poll.POLLERR), poll(ino, Revents.LEVEL), "no count from a family that does not answer");
        assertEquals(Errno.ERRNO_EIO, k.fileOps.readIter(CRED, ino, 2, 10, new RecordingTrace("sock_read_iter")).join().errno());
    }

    @Test
    void anEdgePollPassesItsCountToTheFamilyAndGetsTheFamilysBack() {
        long ino = ino(k.socket(Socket.SOCK_STREAM));
        k.inet.wakes = 9;
        assertEquals(new Revents(Poll.POLLIN, 9), poll(ino, 5));
        assertEquals(5, k.inet.lastAfterWake);
        poll(ino, Revents.LEVEL);
        assertEquals(Revents.LEVEL, k.inet.lastAfterWake);
    }

    private Revents poll(long ino, long afterWake) {
        return k.fileOps.poll(CRED, ino, Poll.POLLIN, 0, afterWake, new RecordingTrace("sock_poll")).join();
    }

    @Test
    void aFamilyThatUnregisteredToRestartKeepsItsSockets() {
        long ino = ino(k.socket(Socket.SOCK_STREAM));
        k.fs.families().unregister(Socket.AF_INET, "inet-1"); // a graceful stop: it comes back under its identity
        assertEquals(null, k.fs.families().lookup(Socket.AF_INET, System.currentTimeMillis()), "socket() has no AF_INET");
        assertEquals(Poll.POLLIN, poll(ino, Revents.LEVEL).mask(), "the existing socket still reaches its family");
    }

    @Test
    void netnsExitGoesToEveryLiveFamilyEvenWhenOneFails() {
        k.inet.fails = LayerFailure.Kind.UNREACHABLE;
        RecordingTrace t = new RecordingTrace("cleanup_net");
        k.fileOps.netnsExit(7, t).join();
        assertEquals(List.of("netnsExit@cleanup_net"), k.inet.calls);
        assertEquals(List.of("netnsExit@cleanup_net"), k.netlink.calls);
        assertEquals(true, t.ended());
    }

    @ParameterizedTest(name = "count {0} (uint64 bits) → {1}")
    @CsvSource({"0, 0", "10, 10", "2147479553, 2147479552", "4294967295, 2147479552", "-1, 2147479552",
        "-9223372036854775808, 2147479552"})
    void readCountIsNeverAboveMaxRwCount(long count, long family) {
        long ino = ino(k.socket(Socket.SOCK_STREAM));
        k.fileOps.readIter(CRED, ino, 2, count, new RecordingTrace("sock_read_iter")).join();
        assertEquals(family, k.inet.lastLen);
    }
}
