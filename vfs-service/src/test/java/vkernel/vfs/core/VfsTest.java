package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Resource;
import vkernel.uapi.Stat;

/** The fd table rules of fs/file.c and fs/fcntl.c, on the core alone. */
class VfsTest {
    private Vfs vfs;
    private Task task;

    @BeforeEach
    void spawn() {
        vfs = new Vfs(1000);
        task = vfs.spawn("t", 1000, 1000, 0, true, 0).task();
    }

    private int socketFd() {
        Inode i = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK | 0777);
        Vfs.Result r = vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false);
        assertEquals(ERRNO_UNSPECIFIED, r.errno());
        return (int) r.ret();
    }

    @Test
    void aTaskIsBornWithThreeFdsOnTheNullDevice() {
        assertEquals(3, task.files().openCount());
        assertEquals(Fcntl.O_RDONLY, vfs.fget(task, 0).fFlags() & Fcntl.O_ACCMODE);
        assertEquals(Fcntl.O_WRONLY, vfs.fget(task, 1).fFlags() & Fcntl.O_ACCMODE);
        assertEquals(3, socketFd());
    }

    @Test
    void theLowestFreeFdIsHandedOut() {
        assertEquals(3, socketFd());
        assertEquals(4, socketFd());
        assertEquals(5, socketFd());
        assertEquals(0, vfs.close(task, 4).ret());
        assertEquals(4, socketFd());
        assertEquals(6, socketFd());
    }

    @Test
    void closeOfAClosedFdIsEbadfAndTheLastCloseReleases() {
        int fd = socketFd();
        int dup = (int) vfs.dup(task, fd).ret();
        assertTrue(vfs.close(task, fd).released().isEmpty(), "the dup still holds the file");
        assertEquals(ERRNO_EBADF, vfs.close(task, fd).errno());
        assertEquals(1, vfs.close(task, dup).released().size());
        assertEquals(ERRNO_EBADF, vfs.close(task, -1).errno());
    }

    @Test
    void forkCopiesTheFdTableSoEachTaskClosesOnlyItsOwnCopy() {
        int plain = socketFd();
        Inode i = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK | 0777);
        int cloexec = (int) vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, true).ret();

        Task child = vfs.fork(task).task();

        assertNotNull(child);
        assertTrue(child.pid() != task.pid());
        assertEquals(task.cred().getNetns(), child.cred().getNetns());
        assertEquals(task.files().openFds(), child.files().openFds());
        assertTrue(child.files().closeOnExec(cloexec), "dup_fd keeps the close-on-exec bits");
        assertEquals(2, vfs.fget(child, plain).fCount(), "the same open file, one reference more");
        assertTrue(vfs.close(task, plain).released().isEmpty(), "the child's copy still holds it");
        assertEquals(ERRNO_UNSPECIFIED, vfs.dup(child, plain).errno());
        assertEquals(plain, (int) vfs.dup(task, 0).ret(), "the parent's lowest free fd is its own");
        assertEquals(1, vfs.exit(child).released().size(), "the child's exit releases what only it held: the plain socket");
    }

    @Test
    void aTaskThatExitedCannotFork() {
        vfs.exit(task);
        assertEquals(ERRNO_ESRCH, vfs.fork(task).errno());
    }

    @ParameterizedTest(name = "dup3({0}, {1}, {2}) = {3}")
    @CsvSource({
        "3, 7, 0, UNSPECIFIED",
        "3, 3, 0, EINVAL",
        "3, 3, 524288, EINVAL",
        "3, 9, 2048, EINVAL",
        "42, 9, 0, EBADF",
        "3, 1024, 0, EBADF",
        "3, -1, 0, EBADF",
    })
    void dup3FollowsKsysDup3(int oldfd, int newfd, int flags, String errno) {
        socketFd();
        Vfs.Result r = vfs.dup3(task, oldfd, newfd, flags);
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
    }

    @Test
    void dup2OntoAnOpenFdReplacesItAndDup2OfItselfIsANoOp() {
        int a = socketFd();
        int b = socketFd();
        Vfs.Result r = vfs.dup2(task, a, b);
        assertEquals(b, r.ret());
        assertEquals(1, r.released().size(), "the file b held is released");
        assertEquals(vfs.fget(task, a), vfs.fget(task, b));
        assertEquals(b, vfs.dup2(task, b, b).ret());
        assertEquals(ERRNO_EBADF, vfs.dup2(task, 40, 40).errno());
    }

    @Test
    void fcntlDupfdTakesTheLowestFdAtOrAboveItsArgument() {
        int fd = socketFd();
        assertEquals(10, vfs.fcntl(task, fd, Fcntl.F_DUPFD, 10).ret());
        assertEquals(11, vfs.fcntl(task, fd, Fcntl.F_DUPFD, 10).ret());
        assertEquals(12, vfs.fcntl(task, fd, Fcntl.F_DUPFD_CLOEXEC, 10).ret());
        assertEquals(Fcntl.FD_CLOEXEC, vfs.fcntl(task, 12, Fcntl.F_GETFD, 0).ret());
        assertEquals(ERRNO_EINVAL, vfs.fcntl(task, fd, Fcntl.F_DUPFD, 1024).errno());
        assertEquals(ERRNO_EINVAL, vfs.fcntl(task, fd, Fcntl.F_DUPFD, -1).errno());
        assertEquals(ERRNO_EINVAL, vfs.fcntl(task, fd, 9999, 0).errno());
        assertEquals(ERRNO_EBADF, vfs.fcntl(task, 99, Fcntl.F_GETFL, 0).errno());
    }

    @Test
    void setflChangesOnlyTheFlagsItMayChange() {
        int fd = socketFd();
        assertEquals(0, vfs.fcntl(task, fd, Fcntl.F_SETFL, Fcntl.O_NONBLOCK | Fcntl.O_WRONLY).ret());
        assertEquals(Fcntl.O_RDWR | Fcntl.O_NONBLOCK, vfs.fcntl(task, fd, Fcntl.F_GETFL, 0).ret());
        assertEquals(0, vfs.fcntl(task, fd, Fcntl.F_SETFL, 0).ret());
        assertEquals(Fcntl.O_RDWR, vfs.fcntl(task, fd, Fcntl.F_GETFL, 0).ret());
    }

    @Test
    void anFdHeldForAcceptIsTakenButNotOpenUntilItsFileIsInstalled() {
        int held = (int) vfs.getUnusedFd(task).ret();
        assertEquals(3, held);
        assertEquals(4, socketFd(), "the held fd is not handed out again");
        assertNull(vfs.fget(task, held), "nor is it open");
        assertEquals(ERRNO_EBADF, vfs.close(task, held).errno());
        assertEquals(ERRNO_EBUSY, vfs.dup2(task, 0, held).errno(), "do_dup2 onto an fd being filled");

        Inode i = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK | 0777);
        assertEquals(held, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, true, held, -1).ret());
        assertTrue(task.files().closeOnExec(held));
        assertEquals(ERRNO_EBADF, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false, held, -1).errno(), "held no longer");

        int again = (int) vfs.getUnusedFd(task).ret();
        vfs.putUnusedFd(task, again);
        assertEquals(again, socketFd(), "an fd put back is the lowest free one again");
    }

    @Test
    void aFileWantedAtAnFdLandsThereOrIsRefusedWithoutTakingAnother() {
        Inode i = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK | 0777);
        assertEquals(7, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false, -1, 7).ret(), "not the lowest free fd, the one asked");
        assertNotNull(vfs.fget(task, 7));
        assertEquals(3, socketFd(), "the fds below stay free");
        assertEquals(ERRNO_EBUSY, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false, -1, 7).errno(), "open");
        int held = (int) vfs.getUnusedFd(task, 9).ret();
        assertEquals(9, held);
        assertEquals(ERRNO_EBUSY, vfs.getUnusedFd(task, 9).errno(), "held by a call still making its file");
        assertEquals(ERRNO_EBUSY, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false, -1, 9).errno());
        assertEquals(4, socketFd(), "the lowest free fd is still handed out past the held one");

        assertEquals(0, vfs.setrlimit(task, Resource.RLIMIT_NOFILE, 16, 16).ret());
        assertEquals(ERRNO_EMFILE, vfs.getUnusedFd(task, 16).errno(), "at RLIMIT_NOFILE");
        assertEquals(ERRNO_EMFILE, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false, -1, 16).errno());
        assertNull(vfs.fget(task, 16));
    }

    @Test
    void getUnusedFdGivesEmfileAtTheLimitAndHoldsNothing() {
        assertEquals(0, vfs.setrlimit(task, Resource.RLIMIT_NOFILE, 4, 4).ret());
        assertEquals(3, vfs.getUnusedFd(task).ret());
        assertEquals(ERRNO_EMFILE, vfs.getUnusedFd(task).errno());
        vfs.putUnusedFd(task, 3);
        assertEquals(3, socketFd());
    }

    @Test
    void rlimitNofileBoundsEveryWayOfMakingAnFd() {
        assertEquals(0, vfs.setrlimit(task, Resource.RLIMIT_NOFILE, 5, 5).ret());
        int a = socketFd();
        socketFd();
        Inode i = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK);
        assertEquals(ERRNO_EMFILE, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false).errno());
        assertEquals(ERRNO_EMFILE, vfs.dup(task, a).errno());
        assertEquals(ERRNO_EBADF, vfs.dup2(task, a, 5).errno());
        assertEquals(ERRNO_EPERM, vfs.setrlimit(task, Resource.RLIMIT_NOFILE, 10, 10).errno(), "raising the hard limit");
        assertEquals(ERRNO_EINVAL, vfs.setrlimit(task, Resource.RLIMIT_NOFILE, 4, 3).errno(), "soft above hard");
    }

    @Test
    void theSystemWideFileLimitGivesEnfileExceptToCapSysAdmin() {
        Vfs small = new Vfs(4);
        Task user = small.spawn("u", 1000, 1000, 0, false, 0).task();
        Task root = small.spawn("r", 0, 0, Capability.CAP_FULL_SET, false, 0).task();
        Inode i = small.newInode(Vfs.SOCKFS, Stat.S_IFSOCK);
        assertEquals(ERRNO_ENFILE, small.fdInstall(user, i.ino(), Fcntl.O_RDWR, false).errno());
        assertEquals(ERRNO_UNSPECIFIED, small.fdInstall(root, i.ino(), Fcntl.O_RDWR, false).errno());
    }

    @Test
    void exitReleasesEveryFileAndTheNamespaceDiesWithItsLastTask() {
        Task other = vfs.spawn("o", 0, 0, 0, false, task.cred().getNetns()).task();
        int fd = socketFd();
        vfs.dup(task, fd);
        Vfs.Exited first = vfs.exit(task);
        assertEquals(4, first.released().size(), "three null files and the socket file, once");
        assertEquals(-1, first.deadNetns());
        Vfs.Exited last = vfs.exit(other);
        assertEquals(task.cred().getNetns(), last.deadNetns());
        assertNull(vfs.task(task.pid(), 0));
        assertEquals(0, vfs.nrFiles());
        assertEquals(ERRNO_EINVAL, vfs.spawn("late", 0, 0, 0, false, task.cred().getNetns()).errno());
    }

    @Test
    void aPidIsNotAnotherTasksGeneration() {
        assertNotNull(vfs.task(task.pid(), task.generation()));
        assertNull(vfs.task(task.pid(), task.generation() + 1));
    }

    /** fcntl on a socket at fd 3 (O_RDWR) with fds 0-3 open and RLIMIT_NOFILE 8: cmd, arg → ret, errno. */
    @ParameterizedTest(name = "fcntl({0}, {1}, {2}) = {3} {4}")
    @CsvSource({
        "3, F_DUPFD, 0, 4, UNSPECIFIED", // lowest free at or above 0
        "3, F_DUPFD, 6, 6, UNSPECIFIED",
        "3, F_DUPFD, 7, 7, UNSPECIFIED",
        "3, F_DUPFD, 8, -1, EINVAL", // at RLIMIT_NOFILE
        "3, F_DUPFD, -1, -1, EINVAL", // an unsigned long past any limit
        "3, F_DUPFD_CLOEXEC, 5, 5, UNSPECIFIED",
        "3, F_DUPFD_CLOEXEC, 8, -1, EINVAL",
        "3, F_GETFD, 0, 0, UNSPECIFIED",
        "3, F_SETFD, 1, 0, UNSPECIFIED",
        "3, F_GETFL, 0, 32770, UNSPECIFIED", // O_RDWR | O_LARGEFILE
        "3, F_SETFL, 2048, 0, UNSPECIFIED",
        "3, 1234, 0, -1, EINVAL", // unknown cmd
        "9, F_GETFD, 0, -1, EBADF", // checked before cmd
        "9, 1234, 0, -1, EBADF",
        "-1, F_DUPFD, 0, -1, EBADF",
    })
    void fcntlRules(int fd, String cmd, long arg, long ret, String errno) throws Exception {
        vfs.setrlimit(task, Resource.RLIMIT_NOFILE, 8, 8);
        Inode i = vfs.newInodePseudo(Vfs.SOCKFS);
        assertEquals(3, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR | Fcntl.O_LARGEFILE, false).ret());
        int c = cmd.startsWith("F_") ? Fcntl.class.getField(cmd).getInt(null) : Integer.parseInt(cmd);
        Vfs.Result r = vfs.fcntl(task, fd, c, arg);
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(ret, r.ret());
    }

    @Test
    void fdCloexecIsPerFdAndFSetflIsPerFile() {
        int fd = socketFd();
        int dup = (int) vfs.dup(task, fd).ret();
        vfs.fcntl(task, fd, Fcntl.F_SETFD, Fcntl.FD_CLOEXEC);
        assertEquals(Fcntl.FD_CLOEXEC, vfs.fcntl(task, fd, Fcntl.F_GETFD, 0).ret());
        assertEquals(0, vfs.fcntl(task, dup, Fcntl.F_GETFD, 0).ret(), "the dup's flag is its own");
        vfs.fcntl(task, fd, Fcntl.F_SETFL, Fcntl.O_NONBLOCK);
        assertTrue(vfs.fget(task, dup).nonblock(), "one open file description");
        assertEquals(9, vfs.dup3(task, fd, 9, Fcntl.O_CLOEXEC).ret());
        assertEquals(Fcntl.FD_CLOEXEC, vfs.fcntl(task, 9, Fcntl.F_GETFD, 0).ret(), "dup3 O_CLOEXEC");
        assertEquals(10, vfs.dup2(task, 9, 10).ret());
        assertEquals(0, vfs.fcntl(task, 10, Fcntl.F_GETFD, 0).ret(), "dup2 does not carry close-on-exec");
    }

    @ParameterizedTest(name = "getrlimit({0}) = {1} [{2}, {3}]")
    @CsvSource({
        "7, UNSPECIFIED, 1024, 1024", // RLIMIT_NOFILE: the task's
        "0, UNSPECIFIED, -1, -1", // others: RLIM_INFINITY
        "15, UNSPECIFIED, -1, -1", // RLIM_NLIMITS - 1
        "16, EINVAL, 0, 0", // RLIM_NLIMITS
        "-1, EINVAL, 0, 0",
    })
    void getrlimitRules(int resource, String errno, long soft, long hard) {
        Vfs.Rlimit r = vfs.getrlimit(task, resource);
        assertEquals(Errno.valueOf("ERRNO_" + errno), r.errno());
        assertEquals(soft, r.soft());
        assertEquals(hard, r.hard());
    }

    @ParameterizedTest(name = "setrlimit({0}, {1}, {2}) = {3}")
    @CsvSource({
        "16, 1, 1, EINVAL",
        "-1, 1, 1, EINVAL",
        "0, 5, 1, UNSPECIFIED", // not RLIMIT_NOFILE: accepted, nothing kept
        "7, 10, 600, EPERM", // raising the hard limit without CAP_SYS_RESOURCE
        "7, 10, 20, UNSPECIFIED", // lowering it
        "7, 10, 2000000, EPERM", // past nr_open
        "7, 100, 50, EINVAL",
        "7, 100, 500, UNSPECIFIED",
    })
    void setrlimitRules(int resource, long soft, long hard, String errno) {
        Task t = vfs.spawn("s", 1000, 1000, 0, true, 0).task();
        vfs.setrlimit(t, Resource.RLIMIT_NOFILE, 10, 500);
        assertEquals(Errno.valueOf("ERRNO_" + errno), vfs.setrlimit(t, resource, soft, hard).errno());
    }

    @ParameterizedTest(name = "spawn uid {0}, caps asked {1}, unshare {2}, netns {3}: caps {4}, privileged {5}")
    @CsvSource({
        "1000, , false, 0, 0, false",
        "1000, , true, 0, 0, false",
        "0, , false, 0, 1ffffffffff, true", // root gets the full set
        "0, 0, false, 0, 0, true", // root with no capabilities is still uid 0
        "1000, 2000, false, 0, 2000, true", // CAP_NET_RAW
        "1000, , false, 5, 0, true", // joining another namespace
        "1000, , true, 5, 0, false", // unsharing ignores it
    })
    void spawnPrivileges(int uid, String caps, boolean unshare, long netns, String effective, boolean privileged) {
        long cap = Vfs.spawnCapEffective(caps == null ? null : Long.parseLong(caps, 16), uid);
        assertEquals(Long.parseLong(effective, 16), cap);
        assertEquals(privileged, Vfs.spawnIsPrivileged(uid, cap, unshare, netns));
    }

    @Test
    void sockfsInodesAreSocketsAndOthersAreNot() {
        assertEquals(Stat.S_IFSOCK | 0777, vfs.newInodePseudo(Vfs.SOCKFS).mode());
        assertEquals(0777, vfs.newInodePseudo("anon_inodefs").mode());
    }

    @Test
    void setFileFlagsChangesOnlyONonblock() {
        int fd = socketFd();
        assertEquals(ERRNO_UNSPECIFIED, vfs.setFileFlags(task, fd, Fcntl.O_NONBLOCK | Fcntl.O_WRONLY));
        assertEquals(Fcntl.O_RDWR | Fcntl.O_NONBLOCK, vfs.fget(task, fd).fFlags());
        assertEquals(ERRNO_UNSPECIFIED, vfs.setFileFlags(task, fd, 0));
        assertEquals(Fcntl.O_RDWR, vfs.fget(task, fd).fFlags());
        assertEquals(ERRNO_EBADF, vfs.setFileFlags(task, 77, Fcntl.O_NONBLOCK));
    }

    @Test
    void openFilesListsEveryFdWithItsFile() {
        int fd = socketFd();
        vfs.dup3(task, fd, 7, Fcntl.O_CLOEXEC);
        List<Vfs.FdInfo> fds = vfs.openFiles(task);
        assertEquals(List.of(0, 1, 2, 3, 7), fds.stream().map(Vfs.FdInfo::fd).toList());
        Vfs.FdInfo seven = fds.get(4);
        assertEquals(Vfs.SOCKFS, seven.fsType());
        assertTrue(seven.cloexec());
        assertEquals(2, seven.fCount());
        assertEquals(fds.get(3).ino(), seven.ino());
    }

    /** set_task_comm: strscpy_pad into comm[TASK_COMM_LEN]: at most 15 bytes, cut even mid-character, up to a NUL. */
    @ParameterizedTest(name = "comm \"{0}\" x{1} is {2} bytes")
    @CsvSource({
        "t, 1, 74",
        "abcdefghijklmno, 1, 6162636465666768696a6b6c6d6e6f", // 15: kept whole
        "abcdefghijklmnop, 1, 6162636465666768696a6b6c6d6e6f", // 16: the last one goes
        "x, 4194304, 787878787878787878787878787878", // 4 MiB: 15 bytes kept
        "é, 9, c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3", // 2-byte characters: the 8th is cut in half
        "\uD83D\uDE00, 5, f09f9880f09f9880f09f9880f09f98", // 4-byte characters (a surrogate pair each)
        "'ab\u0000cd', 1, 6162", // strscpy stops at the NUL
        "'', 1, ''",
    })
    void spawnCutsTheCommAtTaskCommLenBytes(String unit, int times, String hex) {
        String comm = unit.repeat(times);
        Task t = vfs.spawn(comm, 1000, 1000, 0, false, 0).task();
        assertEquals(hex, java.util.HexFormat.of().formatHex(t.commBytes()));
        assertTrue(t.commBytes().length <= Vfs.TASK_COMM_LEN - 1);
        assertEquals(new String(t.commBytes(), StandardCharsets.UTF_8), t.comm(), "the comm as text (ps)");
    }

    @Test
    void aCommCutMidCharacterReadsWithAReplacementCharacter() {
        Task t = vfs.spawn("é".repeat(9), 1000, 1000, 0, false, 0).task();
        assertEquals("é".repeat(7) + "\uFFFD", t.comm());
        assertTrue(Arrays.equals("é".repeat(7).getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(t.commBytes(), 14)));
    }

    /** (uid_t)-1 is no id (make_kuid/uid_valid: setuid(-1) is EINVAL); every other uint32 is one. */
    @ParameterizedTest(name = "spawn uid {0} gid {1}: {2}")
    @CsvSource({
        "4294967295, 1000, EINVAL",
        "1000, 4294967295, EINVAL",
        "4294967295, 4294967295, EINVAL",
        "4294967294, 4294967294, UNSPECIFIED", // (uid_t)-2, the overflow uid, is a valid id
        "2147483648, 1000, UNSPECIFIED",
        "1000, 1000, UNSPECIFIED",
    })
    void spawnRefusesAnInvalidUidOrGid(long uid, long gid, String errno) {
        int before = vfs.taskCount();
        Vfs.Spawned s = vfs.spawn("u", (int) uid, (int) gid, 0, false, 0);
        assertEquals(Errno.valueOf("ERRNO_" + errno), s.errno());
        assertEquals(Errno.valueOf("ERRNO_" + errno), Vfs.spawnCheckIds((int) uid, (int) gid));
        if (s.errno() != ERRNO_UNSPECIFIED) {
            assertNull(s.task());
            assertEquals(before, vfs.taskCount(), "nothing made");
        } else {
            assertEquals(uid, Integer.toUnsignedLong(s.task().cred().getUid()));
        }
    }
}
