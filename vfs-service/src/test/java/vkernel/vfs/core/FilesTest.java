package vkernel.vfs.core;

import vkernel.kernel.trace.RecordingTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.ERRNO_EBADF;
import static vkernel.errno.v1.Errno.ERRNO_EBUSY;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vkernel.uapi.Fcntl;

/** The last fput and do_exit: what the sockfs owner is asked, and what is left afterwards. */
class FilesTest {
    private long now;
    private Vfs vfs;
    private FakeOwner owner;
    private FileSystems fileSystems;
    private Files files;
    private Exit exit;
    private Task task;

    @BeforeEach
    void start() {
        vfs = new Vfs(1000);
        owner = new FakeOwner();
        fileSystems = new FileSystems(() -> now);
        fileSystems.registerFilesystem(FileSystemType.of(Vfs.SOCKFS, "socket:7002", ""), "sock-1");
        FileTable table = new FileTable(vfs, fileSystems, owner);
        files = new Files(vfs, table);
        exit = new Exit(vfs, table);
        task = vfs.spawn("t", 1000, 1000, 0, true, 0).task();
    }

    private long socketIno(int fd) {
        return vfs.fget(task, fd).inode().ino();
    }

    private int socketFd() {
        Inode i = vfs.newInodePseudo(Vfs.SOCKFS);
        return (int) vfs.fdInstall(task, i.ino(), Fcntl.O_RDWR, false).ret();
    }

    private Vfs.Result close(int fd, RecordingTrace t) {
        return files.close(task, fd, t).join();
    }

    @Test
    void closeOfTheLastDupReleasesTheSocketOnceThenEvictsItsInode() {
        int fd = socketFd();
        long ino = socketIno(fd);
        int dup = (int) files.dup(task, fd).ret();

        RecordingTrace first = new RecordingTrace("close");
        assertEquals(0, close(fd, first).ret());
        assertEquals(List.of(), owner.released, "the dup still holds the file");
        assertEquals(List.of("close>close_fd"), first.endedSteps());

        RecordingTrace last = new RecordingTrace("close");
        assertEquals(0, close(dup, last).ret());
        assertEquals(List.of(ino), owner.released);
        assertEquals(List.of("close>close_fd", "close>__fput>evict", "close>__fput"), last.endedSteps());
        assertNull(vfs.inode(ino), "evicted");
        assertEquals("socket:7002", owner.reachedAt.get(0).address());
    }

    @Test
    void closeOfABadFdIsEbadfAndReleasesNothing() {
        RecordingTrace t = new RecordingTrace("close");
        Vfs.Result r = close(42, t);
        assertEquals(-1, r.ret());
        assertEquals(ERRNO_EBADF, r.errno());
        assertEquals(List.of("close>close_fd EBADF"), t.endedSteps());
        assertEquals(List.of(), owner.calls);
    }

    @Test
    void anOwnerThatFailsKeepsItsInodeUntilAReleaseIsTaken() {
        int fd = socketFd();
        long ino = socketIno(fd);
        owner.failure = new IllegalStateException("owner unreachable");
        RecordingTrace t = new RecordingTrace("close");
        Vfs.Result r = close(fd, t);
        assertEquals(0, r.ret(), "close succeeds: the fd is gone whatever the owner does");
        assertEquals(List.of(ino), owner.released, "asked once so far");
        assertNotNull(vfs.inode(ino), "the inode waits for its release, which is retried");
        assertEquals(List.of("close>close_fd", "close>__fput"), t.endedSteps());
    }

    @Test
    void aFailedReleaseIsTriedAgainUntilTheOwnerTakesIt() throws Exception {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            FileTable retrying = new FileTable(vfs, fileSystems, owner, timer);
            Files withRetries = new Files(vfs, retrying);
            int fd = socketFd();
            long ino = socketIno(fd);
            owner.failure = new IllegalStateException("owner restarting");
            withRetries.close(task, fd, new RecordingTrace("close")).join();
            assertEquals(1, retrying.releasesPending());
            owner.failure = null;
            long deadline = System.nanoTime() + 5_000_000_000L;
            // the retry evicts the inode, then counts the release done: wait for both
            while ((vfs.inode(ino) != null || retrying.releasesPending() != 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertNull(vfs.inode(ino), "evicted once the owner took the release");
            assertEquals(0, retrying.releasesPending());
            assertTrue(owner.released.size() >= 2, "asked again: " + owner.released);
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void anOwnerWhoseLeaseLapsedIsStillAskedToRelease() {
        int fd = socketFd();
        long ino = socketIno(fd);
        now += FileSystems.LEASE_MS * 10;
        assertTrue(!fileSystems.live(Vfs.SOCKFS));
        close(fd, new RecordingTrace("close"));
        assertEquals(List.of(ino), owner.released);
    }

    @Test
    void dup2OntoASocketReleasesTheFileItHeld() {
        int a = socketFd();
        int b = socketFd();
        long inoB = socketIno(b);
        Vfs.Result r = files.dup2(task, a, b, new RecordingTrace("dup2")).join();
        assertEquals(b, r.ret());
        assertEquals(List.of(inoB), owner.released);
        assertEquals(socketIno(a), socketIno(b));
    }

    @Test
    void dup3OntoAnFdHeldForAcceptIsEbusyAndReleasesNothing() {
        int fd = socketFd();
        int held = (int) vfs.getUnusedFd(task).ret();
        Vfs.Result r = files.dup3(task, fd, held, 0, new RecordingTrace("dup3")).join();
        assertEquals(ERRNO_EBUSY, r.errno());
        assertEquals(List.of(), owner.calls);
    }

    @Test
    void theNullDeviceIsNeverReleasedByTheSocketOwner() {
        close(0, new RecordingTrace("close"));
        assertEquals(List.of(), owner.calls);
    }

    @Test
    void exitReleasesEveryFileOnceAndTheLastTaskOfANamespaceExitsIt() {
        int a = socketFd();
        int b = socketFd();
        files.dup(task, a);
        files.dup(task, a);
        long inoA = socketIno(a);
        long inoB = socketIno(b);
        long netns = task.cred().getNetns();
        RecordingTrace t = new RecordingTrace("exit");

        exit.doExit(task, t).join();

        assertEquals(2, owner.released.size(), "each socket once, however many fds held it");
        assertTrue(owner.released.containsAll(List.of(inoA, inoB)));
        assertEquals(List.of(netns), owner.netnsExited);
        assertTrue(owner.calls.indexOf("netns_exit " + netns) > owner.calls.indexOf("release " + inoA), "after the releases");
        assertEquals(0, vfs.nrFiles());
        assertEquals(1, vfs.inodeCount(), "only the null device");
        assertNull(vfs.task(task.pid(), 0));
        assertEquals("exit>do_exit", t.endedSteps().get(t.endedSteps().size() - 1));
        assertTrue(t.endedSteps().contains("exit>do_exit>cleanup_net"));
        assertEquals(5, t.endedSteps().stream().filter(s -> s.endsWith(">__fput")).count(), "three null files and two sockets");
    }

    @Test
    void exitOfATaskSharingItsNamespaceLeavesTheNamespace() {
        Task other = vfs.spawn("o", 1000, 1000, 0, false, task.cred().getNetns()).task();
        exit.doExit(task, new RecordingTrace("exit")).join();
        assertEquals(List.of(), owner.netnsExited);
        exit.doExit(other, new RecordingTrace("exit")).join();
        assertEquals(List.of(task.cred().getNetns()), owner.netnsExited);
    }

    @Test
    void withNoSocketOwnerEverRegisteredFilesAreStillEvicted() {
        Vfs alone = new Vfs(1000);
        FileTable table = new FileTable(alone, new FileSystems(() -> 0), owner);
        Task t = alone.spawn("t", 1000, 1000, 0, true, 0).task();
        Inode i = alone.newInodePseudo(Vfs.SOCKFS);
        alone.fdInstall(t, i.ino(), Fcntl.O_RDWR, false);
        new Exit(alone, table).doExit(t, new RecordingTrace("exit")).join();
        assertEquals(List.of(), owner.calls);
        assertNull(alone.inode(i.ino()));
    }
}
