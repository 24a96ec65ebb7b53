package vkernel.socket.core;

import vkernel.kernel.trace.RecordingTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vkernel.socket.core.Fixture.CRED;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Socket;

/** The calls on an fd: sockfd_lookup's errnos, the family's answer, listen's backlog cap. */
class SockSyscallTest {
    private final Fixture k = new Fixture();

    @ParameterizedTest(name = "listen(fd, {0}) gives the family {1}")
    @CsvSource({
        "0, 0",
        "5, 5",
        "4095, 4095",
        "4096, 4096",
        "4097, 4096",
        "2147483647, 4096",
        "-1, 4096", // compared unsigned, as __sys_listen does
    })
    void listenCapsTheBacklogAtSomaxconn(int backlog, int seen) {
        int fd = k.socket(Socket.SOCK_STREAM);
        assertEquals(SysRet.zeroOr(Errno.ERRNO_UNSPECIFIED), k.syscalls.listen(CRED, fd, backlog, new RecordingTrace("listen")).join());
        assertEquals(seen, k.inet.lastBacklog);
    }

    /** sockfd_lookup: what the fd is decides the errno, and the family is not called. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "no such fd, EBADF",
        "a tty, ENOTSOCK",
        "task exited (ESRCH), EBADF",
        "sockfs inode without a socket, ENOTSOCK",
    })
    void lookupRules(String fd, String errno) {
        int sfd = k.socket(Socket.SOCK_STREAM);
        int target = switch (fd) {
            case "no such fd" -> 77;
            case "a tty" -> 1;
            case "task exited (ESRCH)" -> {
                k.vfs.fgetErrno = Errno.ERRNO_ESRCH;
                yield sfd;
            }
            default -> {
                k.fs.sockets().remove(k.vfs.fds.get(sfd).ino());
                yield sfd;
            }
        };
        RecordingTrace t = new RecordingTrace("bind");
        SysRet r = k.syscalls.bind(CRED, target, ByteString.EMPTY, t).join();

        assertEquals(SysRet.error(Errno.valueOf("ERRNO_" + errno)), r);
        assertEquals(List.of("create@__sock_create"), k.inet.calls, "the family is not called");
        assertEquals("bind(sockfd_lookup)", t.tree());
        assertEquals(Errno.valueOf("ERRNO_" + errno), t.errno());
    }

    @Test
    void eachCallReachesTheFamilyWithinItsStep() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.syscalls.bind(CRED, fd, ByteString.EMPTY, new RecordingTrace("bind")).join();
        k.syscalls.getname(CRED, fd, true, new RecordingTrace("getpeername")).join();
        k.syscalls.setsockopt(CRED, fd, 1, 2, ByteString.EMPTY, new RecordingTrace("setsockopt")).join();
        assertEquals(List.of("create@__sock_create", "bind@bind", "getpeername@getpeername", "setsockopt@setsockopt"), k.inet.calls);
    }

    @Test
    void theFamilysErrnoIsTheAnswer() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.inet.opErrno = Errno.ERRNO_EADDRINUSE;
        assertEquals(SysRet.error(Errno.ERRNO_EADDRINUSE), k.syscalls.bind(CRED, fd, ByteString.EMPTY, new RecordingTrace("bind")).join());
        assertEquals(new SockSyscall.GotOpt(-1, Errno.ERRNO_EADDRINUSE, ByteString.copyFrom(new byte[] {1, 0, 0, 0})),
                k.syscalls.getsockopt(CRED, fd, 1, 2, 4, new RecordingTrace("getsockopt")).join());
    }

    @Test
    void connectTakesTheStateTheFamilyReportsAndTheFilesNonblock() {
        int fd = (int) k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_STREAM | Socket.SOCK_NONBLOCK, 0,
                new RecordingTrace("socket")).join().ret();
        k.inet.opErrno = Errno.ERRNO_EINPROGRESS;
        k.inet.opState = SocketState.SOCKET_STATE_SS_CONNECTING;
        SysRet r = k.syscalls.connect(CRED, fd, ByteString.EMPTY, new RecordingTrace("connect")).join();

        assertEquals(SysRet.error(Errno.ERRNO_EINPROGRESS), r);
        assertEquals(true, k.inet.lastNonblock, "O_NONBLOCK of the file");
        assertEquals(SocketState.SOCKET_STATE_SS_CONNECTING, k.fs.sockets().get(k.vfs.fds.get(fd).ino()).state());

        k.inet.opErrno = Errno.ERRNO_UNSPECIFIED;
        k.inet.opState = SocketState.SOCKET_STATE_UNSPECIFIED;
        assertEquals(SysRet.zeroOr(Errno.ERRNO_UNSPECIFIED), k.syscalls.shutdown(CRED, fd, 1, new RecordingTrace("shutdown")).join());
        assertEquals(SocketState.SOCKET_STATE_SS_CONNECTING, k.fs.sockets().get(k.vfs.fds.get(fd).ino()).state(),
                "UNSPECIFIED leaves the state");
    }

    @Test
    void aSocketWhoseFamilyRestartedIsEio() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.now += Sockfs.FAMILY_LEASE_MS;
        k.fs.families().register(Socket.AF_INET, Fixture.INET, "inet-2", k.now);
        assertEquals(SysRet.error(Errno.ERRNO_EIO), k.syscalls.listen(CRED, fd, 1, new RecordingTrace("listen")).join());
        assertEquals(-1, k.inet.lastBacklog, "the new instance never hears of the old sock");
    }

    @Test
    void anUnreachableFamilyIsEioAndIsDropped() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.inet.fails = LayerFailure.Kind.UNREACHABLE;
        assertEquals(SysRet.error(Errno.ERRNO_EIO), k.syscalls.sendmsg(CRED, fd, ByteString.copyFromUtf8("x"), 0,
                ByteString.EMPTY, new RecordingTrace("sendmsg")).join());
        assertNull(k.fs.families().lookup(Socket.AF_INET, k.now));
    }

    @Test
    void aSignalWhileTheFamilyWaitsIsEintrAndTheFamilyStays() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.inet.fails = LayerFailure.Kind.INTERRUPTED;
        assertEquals(FamilyOps.Received.error(Errno.ERRNO_EINTR),
                k.syscalls.recvmsg(CRED, fd, 10, 0, new RecordingTrace("recvmsg")).join());
        assertEquals(Fixture.INET, k.fs.families().lookup(Socket.AF_INET, k.now).address());
    }

    /** A message the family's transport refused as too large is too long to send (EMSGSIZE, as netlink_sendmsg above sk_sndbuf); the family stays. */
    @Test
    void aMessageTooLargeForTheFamilyIsEmsgsizeAndTheFamilyStays() {
        int fd = k.socket(Socket.SOCK_DGRAM);
        k.inet.fails = LayerFailure.Kind.TOO_LARGE;
        assertEquals(SysRet.error(Errno.ERRNO_EMSGSIZE), k.syscalls.sendmsg(CRED, fd, ByteString.copyFromUtf8("x"), 0,
                ByteString.EMPTY, new RecordingTrace("sendmsg")).join());
        assertEquals(Fixture.INET, k.fs.families().lookup(Socket.AF_INET, k.now).address());
    }

    @Test
    void vfsUnreachableDuringLookupIsEio() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.vfs.fgetFails = LayerFailure.Kind.UNREACHABLE;
        assertEquals(SysRet.error(Errno.ERRNO_EIO), k.syscalls.bind(CRED, fd, ByteString.EMPTY, new RecordingTrace("bind")).join());
        assertEquals(Fixture.INET, k.fs.families().lookup(Socket.AF_INET, k.now).address(), "a vfs failure drops no family");
    }

    @ParameterizedTest(name = "len {0} (uint64 bits) → {1}")
    @CsvSource({"0, 0", "10, 10", "2147479552, 2147479552", "2147479553, 2147479552", "2147483648, 2147479552",
        "4294967295, 2147479552", "9223372036854775807, 2147479552", "-9223372036854775808, 2147479552", "-1, 2147479552"})
    void recvLenIsCutToMaxRwCountAsImportUbufDoes(long len, long family) {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.syscalls.recvmsg(CRED, fd, len, 0, new RecordingTrace("recvmsg")).join();
        assertEquals(family, k.inet.lastLen);
    }
}
