package vkernel.socket.core;

import vkernel.kernel.trace.RecordingTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.socket.core.Fixture.CRED;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Socket;

/** socket(2) and accept4(2): each failing step, its errno, and what is left behind (nothing). */
class SockCreateTest {
    private final Fixture k = new Fixture();

    @Test
    void socketGetsTheLowestFreeFdOnANewSockfsInodeWithTheFamilysSock() {
        RecordingTrace t = new RecordingTrace("socket");
        SysRet r = k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_STREAM | Socket.SOCK_NONBLOCK | Socket.SOCK_CLOEXEC, 0, t).join();

        assertEquals(new SysRet(3, Errno.ERRNO_UNSPECIFIED), r);
        FakeVfs.OpenFile f = k.vfs.fds.get(3);
        assertEquals("sockfs", f.fsType());
        assertEquals(Fcntl.O_RDWR | Fcntl.O_NONBLOCK, f.fFlags());
        assertTrue(f.cloexec());
        vkernel.socket.core.Socket s = k.fs.sockets().get(f.ino());
        assertNotNull(s);
        assertEquals(Socket.SOCK_STREAM, s.type());
        assertEquals(SocketState.SOCKET_STATE_SS_UNCONNECTED, s.state());
        assertEquals(f.ino(), k.inet.socks.get(s.sock()), "the family's sock is on the inode sock_alloc made");
        assertEquals(true, t.ended());
        assertEquals(3, t.result());
    }

    /** The tree e2e's SocketEventTreeTest reads back from Kafka, and which step each call to another layer runs within. */
    @Test
    void socketStepsAreNetSocketCsCallTree() {
        RecordingTrace t = new RecordingTrace("socket");
        k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_STREAM, 0, t).join();

        assertEquals("socket(__sock_create(sock_alloc,net_families_lookup),sock_map_fd)", t.tree());
        assertEquals(List.of("newInode@sock_alloc", "fdInstall@sock_map_fd"), k.vfs.calls);
        assertEquals(List.of("create@__sock_create"), k.inet.calls);
    }

    /** One failing step of socket() each; after it nothing is left: no fd, no inode, no socket, no sock. */
    static Stream<Arguments> socketFailures() {
        return Stream.of(
                Arguments.of("bad type flags: nothing is made", Socket.SOCK_STREAM | 0x100, (Consumer<Fixture>) k -> {},
                        Errno.ERRNO_EINVAL, List.of(), true),
                Arguments.of("sock_alloc without inodes: ENFILE", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.vfs.newInodeErrno = Errno.ERRNO_ENOMEM, Errno.ERRNO_ENFILE,
                        List.of("newInode@sock_alloc"), true),
                Arguments.of("family not registered: inode released", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.fs.families().unregister(Socket.AF_INET, "inet-1"), Errno.ERRNO_EAFNOSUPPORT,
                        List.of("newInode@sock_alloc", "iput@iput"), false),
                Arguments.of("family's lease lapsed: inode released", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.now += Sockfs.FAMILY_LEASE_MS, Errno.ERRNO_EAFNOSUPPORT,
                        List.of("newInode@sock_alloc", "iput@iput"), false),
                Arguments.of("family create fails: inode released", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.inet.createErrno = Errno.ERRNO_EPROTONOSUPPORT, Errno.ERRNO_EPROTONOSUPPORT,
                        List.of("newInode@sock_alloc", "iput@iput"), true),
                Arguments.of("family unreachable: module gone, inode released", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.inet.fails = LayerFailure.Kind.UNREACHABLE, Errno.ERRNO_EAFNOSUPPORT,
                        List.of("newInode@sock_alloc", "iput@iput"), false),
                Arguments.of("family fails otherwise: EIO, still registered", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.inet.fails = LayerFailure.Kind.FAILED, Errno.ERRNO_EIO,
                        List.of("newInode@sock_alloc", "iput@iput"), true),
                Arguments.of("signal during create: EINTR", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.inet.fails = LayerFailure.Kind.INTERRUPTED, Errno.ERRNO_EINTR,
                        List.of("newInode@sock_alloc", "iput@iput"), true),
                Arguments.of("fd table full: sock released, then inode", Socket.SOCK_STREAM,
                        (Consumer<Fixture>) k -> k.vfs.maxFds = 3, Errno.ERRNO_EMFILE,
                        List.of("newInode@sock_alloc", "fdInstall@sock_map_fd", "iput@iput"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("socketFailures")
    void aFailingStepOfSocketUndoesTheStepsBeforeIt(String what, int type, Consumer<Fixture> setUp, Errno errno,
            List<String> vfsCalls, boolean stillRegistered) {
        setUp.accept(k);
        RecordingTrace t = new RecordingTrace("socket");
        SysRet r = k.create.socket(CRED, Socket.AF_INET, type, 0, t).join();

        assertEquals(SysRet.error(errno), r);
        assertEquals(vfsCalls, k.vfs.calls);
        assertEquals(0, k.extraInodes(), "no inode left");
        assertEquals(3, k.vfs.fds.size(), "no fd left");
        assertEquals(0, k.fs.sockets().size(), "no socket left");
        assertEquals(0, k.inet.socks.size(), "no sock left");
        assertEquals(stillRegistered, k.fs.families().lookup(Socket.AF_INET, k.now) != null);
        assertEquals(errno, t.errno(), "the syscall's step ends with the errno");
    }

    @Test
    void fdInstallFailureReleasesTheSockUnderSockMapFd() {
        k.vfs.fdInstallErrno = Errno.ERRNO_EMFILE;
        RecordingTrace t = new RecordingTrace("socket");
        k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_DGRAM, 0, t).join();

        assertEquals("socket(__sock_create(sock_alloc,net_families_lookup),sock_map_fd(sock_release,iput))", t.tree());
        assertEquals(List.of("create@__sock_create", "release@sock_release"), k.inet.calls);
    }

    @Test
    void socketAtAnFdMakesItThereOrLeavesNothingWhenItIsTaken() {
        assertEquals(new SysRet(9, Errno.ERRNO_UNSPECIFIED),
                k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_DGRAM, 0, 9, new RecordingTrace("socket")).join());
        assertNotNull(k.vfs.fds.get(9));
        assertEquals(null, k.vfs.fds.get(3), "not the lowest free fd");

        int socksBefore = k.inet.socks.size();
        assertEquals(SysRet.error(Errno.ERRNO_EBUSY),
                k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_DGRAM, 0, 9, new RecordingTrace("socket")).join());
        assertEquals(socksBefore, k.inet.socks.size(), "the sock made for it is released");
        assertEquals(1, k.fs.sockets().size(), "and its socket");
    }

    @Test
    void acceptAtAnFdHoldsThatOneAndLeavesTheConnectionQueuedWhenItIsTaken() {
        int lfd = listener();
        assertEquals(Errno.ERRNO_EBUSY, k.create.accept4(CRED, lfd, 0, lfd, new RecordingTrace("accept4")).join().errno());
        assertEquals(1, k.inet.queued, "nothing was accepted");
        SockCreate.Accept4 r = k.create.accept4(CRED, lfd, 0, 12, new RecordingTrace("accept4")).join();
        assertEquals(12, r.ret());
        assertNotNull(k.vfs.fds.get(12));
        assertTrue(k.vfs.held.isEmpty());
    }

    @Test
    void socketOfAnUnregisteredFamilyIsEafnosupport() {
        SysRet r = k.create.socket(CRED, Socket.AF_PACKET, Socket.SOCK_RAW, 0, new RecordingTrace("socket")).join();
        assertEquals(SysRet.error(Errno.ERRNO_EAFNOSUPPORT), r);
        assertEquals(0, k.extraInodes());
    }

    // accept4

    private int listener() {
        int fd = k.socket(Socket.SOCK_STREAM);
        k.inet.queued = 1;
        return fd;
    }

    @Test
    void acceptGivesTheLowestFreeFdOnANewConnectedSocket() {
        int lfd = listener();
        SockCreate.Accept4 r = k.create.accept4(CRED, lfd, Socket.SOCK_NONBLOCK, new RecordingTrace("accept4")).join();

        assertEquals(new SockCreate.Accept4(4, Errno.ERRNO_UNSPECIFIED, FakeFamily.PEER), r);
        FakeVfs.OpenFile f = k.vfs.fds.get(4);
        assertEquals(Fcntl.O_RDWR | Fcntl.O_NONBLOCK, f.fFlags());
        assertEquals(false, f.cloexec());
        assertEquals(SocketState.SOCKET_STATE_SS_CONNECTED, k.fs.sockets().get(f.ino()).state());
        assertEquals(0, k.inet.queued);
        assertTrue(k.vfs.held.isEmpty());
    }

    enum Fd { BAD, NOT_SOCKET, LISTENER }

    /** __sys_accept4's order: EBADF, then EINVAL, then EMFILE, then ENOTSOCK; EMFILE leaves the connection queued. */
    static Stream<Arguments> acceptChecks() {
        int bad = 0x1;
        return Stream.of(
                Arguments.of(Fd.BAD, bad, true, Errno.ERRNO_EBADF),
                Arguments.of(Fd.BAD, 0, false, Errno.ERRNO_EBADF),
                Arguments.of(Fd.NOT_SOCKET, bad, true, Errno.ERRNO_EINVAL),
                Arguments.of(Fd.LISTENER, bad, true, Errno.ERRNO_EINVAL),
                Arguments.of(Fd.NOT_SOCKET, 0, true, Errno.ERRNO_EMFILE),
                Arguments.of(Fd.LISTENER, Socket.SOCK_CLOEXEC, true, Errno.ERRNO_EMFILE),
                Arguments.of(Fd.NOT_SOCKET, 0, false, Errno.ERRNO_ENOTSOCK));
    }

    @ParameterizedTest(name = "accept4({0}, flags {1}, fd table full {2}) = {3}")
    @MethodSource("acceptChecks")
    void acceptChecksInLinuxOrder(Fd which, int flags, boolean full, Errno errno) {
        int lfd = listener();
        int fd = switch (which) {
            case BAD -> 99;
            case NOT_SOCKET -> 0;
            case LISTENER -> lfd;
        };
        if (full) {
            k.vfs.maxFds = k.vfs.fds.size();
        }
        int inodes = k.extraInodes();
        SockCreate.Accept4 r = k.create.accept4(CRED, fd, flags, new RecordingTrace("accept4")).join();

        assertEquals(-1, r.ret());
        assertEquals(errno, r.errno());
        assertEquals(1, k.inet.queued, "the connection stays queued");
        assertEquals(List.of("create@__sock_create"), k.inet.calls, "the family's accept is not called");
        assertTrue(k.vfs.held.isEmpty(), "a held fd is put back");
        assertEquals(inodes, k.extraInodes(), "no inode made");
    }

    @Test
    void aTaskGoneOnTheWayIsEbadf() {
        int lfd = listener();
        k.vfs.getUnusedFdErrno = Errno.ERRNO_ESRCH;
        assertEquals(Errno.ERRNO_EBADF, k.create.accept4(CRED, lfd, 0, new RecordingTrace("accept4")).join().errno());
    }

    /** Failures after the fd is held: each gives the fd back and undoes what it made. */
    static Stream<Arguments> acceptFailures() {
        return Stream.of(
                Arguments.of("sock_alloc fails: ENFILE, still queued", (Consumer<Fixture>) k -> k.vfs.newInodeErrno = Errno.ERRNO_ENOMEM,
                        Errno.ERRNO_ENFILE, 1),
                Arguments.of("family's accept fails: inode released", (Consumer<Fixture>) k -> k.inet.opErrno = Errno.ERRNO_EAGAIN,
                        Errno.ERRNO_EAGAIN, 1),
                Arguments.of("family's accept interrupted", (Consumer<Fixture>) k -> k.inet.fails = LayerFailure.Kind.INTERRUPTED,
                        Errno.ERRNO_EINTR, 1),
                Arguments.of("family's service restarted: EIO", (Consumer<Fixture>) k -> {
                    k.now += Sockfs.FAMILY_LEASE_MS;
                    k.fs.families().register(Socket.AF_INET, Fixture.INET, "inet-2", k.now);
                }, Errno.ERRNO_EIO, 1),
                Arguments.of("fd_install fails: new sock released", (Consumer<Fixture>) k -> k.vfs.fdInstallErrno = Errno.ERRNO_EMFILE,
                        Errno.ERRNO_EMFILE, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptFailures")
    void aFailingStepOfAcceptUndoesTheStepsBeforeIt(String what, Consumer<Fixture> setUp, Errno errno, int stillQueued) {
        int lfd = listener();
        setUp.accept(k);
        int inodes = k.extraInodes();
        SockCreate.Accept4 r = k.create.accept4(CRED, lfd, 0, new RecordingTrace("accept4")).join();

        assertEquals(new SockCreate.Accept4(-1, errno, com.google.protobuf.ByteString.EMPTY), r);
        assertEquals(stillQueued, k.inet.queued);
        assertTrue(k.vfs.held.isEmpty(), "the held fd is put back");
        assertEquals(4, k.vfs.fds.size(), "no new fd");
        assertEquals(inodes, k.extraInodes(), "no new inode");
        assertEquals(1, k.fs.sockets().size(), "only the listener");
        assertEquals(1, k.inet.socks.size(), "only the listener's sock");
    }

    @Test
    void aFamilyThatIsNotRegisteredIsGoneForLaterCalls() {
        k.inet.fails = LayerFailure.Kind.UNREACHABLE;
        k.create.socket(CRED, Socket.AF_INET, Socket.SOCK_STREAM, 0, new RecordingTrace("socket")).join();
        assertNull(k.fs.families().lookup(Socket.AF_INET, k.now));
        assertNotNull(k.fs.families().lookup(Socket.AF_NETLINK, k.now), "other families stay");
    }
}
