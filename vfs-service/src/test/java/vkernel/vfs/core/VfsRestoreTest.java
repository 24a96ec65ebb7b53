package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.ERRNO_EBADF;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Resource;
import vkernel.uapi.Stat;

/**
 * vfs's tables written as state records and rebuilt from them, as a restarted
 * vfs-service does: what a task sees of its fds, files and limits is the same, and no
 * identity is handed out twice.
 */
class VfsRestoreTest {
    private StateChanges changes;
    private Vfs vfs;
    /** The state topic after compaction: the latest record of each key, tombstones applied. */
    private final Map<String, StateRecord> topic = new LinkedHashMap<>();

    @BeforeEach
    void setUp() {
        changes = new StateChanges();
        vfs = new Vfs(1000, changes);
    }

    private void flush() {
        for (StateRecord r : changes.drain()) {
            topic.remove(r.key());
            if (!r.isTombstone()) {
                topic.put(r.key(), r);
            }
        }
    }

    private Vfs restarted() {
        flush();
        Vfs again = new Vfs(1000, new StateChanges());
        VfsRestore.into(again, new FileSystems(System::currentTimeMillis), null, new ArrayList<>(topic.values()));
        return again;
    }

    private int socketFd(Task t) {
        Inode i = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK | 0777);
        return (int) vfs.fdInstall(t, i.ino(), Fcntl.O_RDWR, false).ret();
    }

    @Test
    void aSocketInodeKeepsItsOwnerSoONoatimeIsStillRefusedToOthers() {
        Task owner = vfs.spawn("o", 1000, 1000, 0, true, 0).task();
        Inode i = vfs.newInodePseudo(Vfs.SOCKFS, 1000);
        Task other = vfs.spawn("x", 2000, 2000, 0, true, 0).task();
        int fd = (int) vfs.fdInstall(other, i.ino(), Fcntl.O_RDWR, false).ret();

        Vfs again = restarted();
        assertEquals(1000, again.inode(i.ino()).uid());
        Task r = again.task(other.pid(), other.generation());
        assertEquals(vkernel.errno.v1.Errno.ERRNO_EPERM, again.fcntl(r, fd, Fcntl.F_SETFL, Fcntl.O_NOATIME).errno());
        assertNotNull(owner);
    }

    @Test
    void fdsFilesAndLimitsAreAsTheTaskLeftThem() {
        Task t = vfs.spawn("echo", 1000, 1000, 0, true, 0).task();
        int s = socketFd(t);
        int d = (int) vfs.fcntl(t, s, Fcntl.F_DUPFD_CLOEXEC, 10).ret();
        vfs.fcntl(t, s, Fcntl.F_SETFL, Fcntl.O_NONBLOCK);
        vfs.setrlimit(t, Resource.RLIMIT_NOFILE, 100, 200);
        vfs.close(t, 1);

        Vfs again = restarted();
        Task r = again.task(t.pid(), t.generation());
        assertNotNull(r, "the task, by pid and generation");
        assertEquals(vfs.openFiles(t), again.openFiles(r), "fd, inode, flags, cloexec and f_count of every fd");
        assertEquals(2, again.fget(r, d).fCount(), "the dup shares the file");
        assertEquals(100, again.getrlimit(r, Resource.RLIMIT_NOFILE).soft());
        assertEquals(200, again.getrlimit(r, Resource.RLIMIT_NOFILE).hard());
        assertEquals("echo", r.comm());
        assertEquals(t.cred(), r.cred());
        assertEquals(vfs.nrFiles(), again.nrFiles());
        assertEquals(1, again.fdInstall(r, vfs.inode(again.fget(r, s).inode().ino()).ino(), Fcntl.O_RDWR, false).ret(),
                "the lowest free fd is the one closed before the restart");
    }

    @Test
    void anExitedTaskStaysGoneAndItsFilesWithIt() {
        Task a = vfs.spawn("a", 1000, 1000, 0, false, 0).task();
        socketFd(a);
        vfs.exit(a);
        Vfs again = restarted();
        assertNull(again.task(a.pid(), 0));
        assertEquals(0, again.taskCount());
        assertEquals(0, again.nrFiles());
    }

    @Test
    void noPidGenerationInodeOrNamespaceIsHandedOutTwice() {
        Task a = vfs.spawn("a", 1000, 1000, 0, true, 0).task();
        int ino = (int) vfs.fget(a, socketFd(a)).inode().ino();
        Vfs again = restarted();
        Task b = again.spawn("b", 1000, 1000, 0, true, 0).task();
        assertTrue(b.pid() > a.pid(), "pid " + b.pid() + " after " + a.pid());
        assertTrue(b.generation() > a.generation());
        assertTrue(b.cred().getNetns() > a.cred().getNetns());
        assertTrue(again.newInode(Vfs.SOCKFS, Stat.S_IFSOCK).ino() > ino);
    }

    @Test
    void aLostStateStartsGenerationsElsewhere() {
        Task a = vfs.spawn("a", 1000, 1000, 0, false, 0).task();
        Vfs lost = new Vfs(1000, new StateChanges()); // the topic deleted: nothing to restore
        Task b = lost.spawn("b", 1000, 1000, 0, false, 0).task();
        assertEquals(a.pid(), b.pid(), "pids start again");
        assertNotEquals(a.generation(), b.generation(), "but a token of the lost kernel names no live task");
        assertNull(lost.task(a.pid(), a.generation()));
    }

    @Test
    void anInodeNoFileHoldsIsAnOrphanAndAnFdWithoutItsFileIsDropped() {
        Task t = vfs.spawn("t", 1000, 1000, 0, false, 0).task();
        Inode made = vfs.newInode(Vfs.SOCKFS, Stat.S_IFSOCK | 0777); // sock_alloc, then the crash before fd_install
        int fd = socketFd(t);
        long fileId = vfs.fget(t, fd).id();
        flush();
        topic.remove("file/" + fileId); // the fd's record reached the topic, its file's did not
        Vfs again = new Vfs(1000, new StateChanges());
        VfsRestore.Restored r = VfsRestore.into(again, new FileSystems(System::currentTimeMillis), null, new ArrayList<>(topic.values()));
        Task rt = again.task(t.pid(), 0);
        assertNull(again.fget(rt, fd));
        assertEquals(ERRNO_EBADF, again.close(rt, fd).errno());
        assertTrue(r.orphanInodes().contains(made.ino()), "orphans: " + r.orphanInodes());
        assertEquals(2, r.orphanInodes().size(), "the fd's inode too, since no file holds it");
    }

    @Test
    void theRestoreWritesWhatItReconciled() {
        Task t = vfs.spawn("t", 1000, 1000, 0, false, 0).task();
        int fd = socketFd(t);
        long fileId = vfs.fget(t, fd).id();
        flush();
        topic.remove("file/" + fileId);
        StateChanges after = new StateChanges();
        VfsRestore.into(new Vfs(1000, after), new FileSystems(System::currentTimeMillis), null, new ArrayList<>(topic.values()));
        List<String> tombstones = after.drain().stream().filter(StateRecord::isTombstone).map(StateRecord::key).toList();
        assertEquals(List.of("fd/" + t.pid() + "/" + fd), tombstones);
    }
}
