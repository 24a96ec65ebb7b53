package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;

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
        assertEquals(held, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, true, held).ret());
        assertTrue(task.files().closeOnExec(held));
        assertEquals(ERRNO_EBADF, vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false, held).errno(), "held no longer");

        int again = (int) vfs.getUnusedFd(task).ret();
        vfs.putUnusedFd(task, again);
        assertEquals(again, socketFd(), "an fd put back is the lowest free one again");
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
}
