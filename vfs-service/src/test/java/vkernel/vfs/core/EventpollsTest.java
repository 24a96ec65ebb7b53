package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;
import static vkernel.uapi.Epoll.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Fcntl;

/** epoll_create1, epoll_ctl and epoll_wait over files whose owner sleeps and counts wake-ups as inet's does. */
class EventpollsTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final WaitingOwner owner = new WaitingOwner();
    private final Signal signal = new Signal();
    private final StateChanges changes = new StateChanges();
    private FileSystems fs;
    private Vfs vfs;
    private FileTable fileTable;
    private Eventpolls epoll;
    private Task task;

    @BeforeEach
    void start() {
        vfs = new Vfs(1000, changes);
        fs = new FileSystems(() -> 0);
        fs.registerFilesystem(FileSystemType.of(Vfs.SOCKFS, "socket:7002", ""), "sock-1");
        fileTable = new FileTable(vfs, fs, owner);
        epoll = new Eventpolls(vfs, fileTable, timer, () -> signal);
        task = vfs.spawn("t", 1000, 1000, 0, true, 0).task();
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        owner.shutdown();
    }

    private int socket() {
        return (int) vfs.fdInstall(task, vfs.newInodePseudo(Vfs.SOCKFS).ino(), Fcntl.O_RDWR, false).ret();
    }

    private long ino(int fd) {
        return vfs.fget(task, fd).inode().ino();
    }

    private int create() {
        return (int) epoll.epollCreate1(task, 0, -1).ret();
    }

    private Errno ctl(int epfd, int op, int fd, int events, long data) {
        return epoll.epollCtl(task, epfd, op, fd, new Eventpolls.Event(events, data), Trace.NONE).join();
    }

    private Eventpolls.WaitResult wait(int epfd, int maxevents, int timeoutMs) {
        return epoll.epollWait(task, epfd, maxevents, timeoutMs, Trace.NONE).join();
    }

    private static List<Long> data(Eventpolls.WaitResult r) {
        return r.events().stream().map(Eventpolls.Event::data).toList();
    }

    private void untilSleeping(int n) throws InterruptedException {
        for (int i = 0; i < 500 && owner.sleeping() != n; i++) {
            Thread.sleep(2);
        }
        assertEquals(n, owner.sleeping());
    }

    @Test
    void createRefusesUnknownFlagsAndSizesBelowOneAndMakesAnAnonInodeFile() {
        assertEquals(ERRNO_EINVAL, epoll.epollCreate1(task, 1, -1).errno());
        assertEquals(ERRNO_EINVAL, epoll.epollCreate(task, 0).errno());
        int epfd = (int) epoll.epollCreate1(task, EPOLL_CLOEXEC, -1).ret();
        assertEquals(3, epfd);
        assertTrue(task.files().closeOnExec(epfd));
        assertEquals(Eventpolls.ANON_INODEFS, vfs.fget(task, epfd).inode().fsType());
        assertEquals(4, epoll.epollCreate(task, 1).ret());
        assertEquals(ERRNO_EBUSY, epoll.epollCreate1(task, 0, 4).errno());
        assertEquals(9, epoll.epollCreate1(task, 0, 9).ret());
    }

    @Test
    void ctlAnswersLinuxErrnosInDoEpollCtlsOrder() {
        int epfd = create();
        int s = socket();
        assertEquals(ERRNO_EFAULT, epoll.epollCtl(task, epfd, EPOLL_CTL_ADD, s, null, Trace.NONE).join());
        assertEquals(ERRNO_ENOENT, epoll.epollCtl(task, epfd, EPOLL_CTL_DEL, s, null, Trace.NONE).join());
        assertEquals(ERRNO_EBADF, ctl(99, EPOLL_CTL_ADD, s, EPOLLIN, 0));
        assertEquals(ERRNO_EBADF, ctl(epfd, EPOLL_CTL_ADD, 99, EPOLLIN, 0));
        assertEquals(ERRNO_EPERM, ctl(epfd, EPOLL_CTL_ADD, 0, EPOLLIN, 0)); // the null device cannot be polled
        assertEquals(ERRNO_EINVAL, ctl(s, EPOLL_CTL_ADD, s, EPOLLIN, 0)); // not an epoll file
        assertEquals(ERRNO_EINVAL, ctl(epfd, EPOLL_CTL_ADD, epfd, EPOLLIN, 0));
        assertEquals(ERRNO_EINVAL, ctl(epfd, 9, s, EPOLLIN, 0));
        assertEquals(ERRNO_EINVAL, ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 0));
        assertEquals(ERRNO_ENOENT, ctl(epfd, EPOLL_CTL_MOD, s, EPOLLIN, 0));
        assertEquals(ERRNO_UNSPECIFIED, ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN | EPOLLEXCLUSIVE, 0));
        assertEquals(ERRNO_EEXIST, ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN, 0));
        assertEquals(ERRNO_EINVAL, ctl(epfd, EPOLL_CTL_MOD, s, EPOLLIN, 0)); // an exclusive item cannot be changed
        assertEquals(ERRNO_UNSPECIFIED, ctl(epfd, EPOLL_CTL_DEL, s, 0, 0));
        assertEquals(ERRNO_ENOENT, ctl(epfd, EPOLL_CTL_DEL, s, 0, 0));
    }

    @Test
    void nestedEpollFilesMayNotLoopAndReportReadinessOfTheirItems() {
        int outer = create();
        int inner = create();
        int s = socket();
        assertEquals(ERRNO_UNSPECIFIED, ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 7));
        assertEquals(ERRNO_ELOOP, ctl(inner, EPOLL_CTL_ADD, outer, EPOLLIN, 0));
        assertEquals(ERRNO_EINVAL, ctl(outer, EPOLL_CTL_ADD, create(), EPOLLIN | EPOLLEXCLUSIVE, 0));
        assertEquals(ERRNO_UNSPECIFIED, ctl(inner, EPOLL_CTL_ADD, s, EPOLLIN, 1));
        assertEquals(0, wait(outer, 8, 0).ret());
        owner.wake(ino(s), EPOLLIN);
        Eventpolls.WaitResult r = wait(outer, 8, 1000);
        assertEquals(List.of(new Eventpolls.Event(EPOLLIN, 7)), r.events());
        assertEquals(List.of(new Eventpolls.Event(EPOLLIN, 1)), wait(inner, 8, 0).events());
    }

    @Test
    void aNestedEpollsSleepEndsWithTheOuterWait() throws InterruptedException {
        int outer = create();
        int inner = create();
        int a = socket();
        int b = socket();
        ctl(inner, EPOLL_CTL_ADD, a, EPOLLIN, 1);
        ctl(outer, EPOLL_CTL_ADD, inner, EPOLLIN, 2);
        ctl(outer, EPOLL_CTL_ADD, b, EPOLLIN, 3);
        CompletableFuture<Eventpolls.WaitResult> w = epoll.epollWait(task, outer, 8, -1, Trace.NONE);
        untilSleeping(2); // b at its owner, and a through the inner epoll's own wait
        owner.wake(ino(b), EPOLLIN);
        assertEquals(List.of(3L), data(w.join()));
        untilSleeping(0); // the inner epoll's wait was cancelled with the outer's call to it
    }

    @Test
    void levelTriggeredItemsAreReportedWhileReadyInTurnWhenMaxeventsCutsTheList() {
        int epfd = create();
        int a = socket();
        int b = socket();
        int c = socket();
        owner.set(ino(a), EPOLLIN);
        owner.set(ino(b), EPOLLIN | EPOLLOUT);
        ctl(epfd, EPOLL_CTL_ADD, a, EPOLLIN, 10);
        ctl(epfd, EPOLL_CTL_ADD, b, EPOLLIN | EPOLLOUT, 20);
        ctl(epfd, EPOLL_CTL_ADD, c, EPOLLIN, 30);
        assertEquals(List.of(10L), data(wait(epfd, 1, 0)));
        Eventpolls.WaitResult r = wait(epfd, 1, 0);
        assertEquals(List.of(new Eventpolls.Event(EPOLLIN | EPOLLOUT, 20)), r.events());
        assertEquals(List.of(10L, 20L), data(wait(epfd, 8, 0)));
        assertEquals(List.of(10L, 20L), data(wait(epfd, 8, 0)));
    }

    @Test
    void anEdgeTriggeredItemIsReportedOncePerWakeUp() throws InterruptedException {
        int epfd = create();
        int s = socket();
        owner.wake(ino(s), EPOLLIN);
        ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN | EPOLLET, 5);
        assertEquals(List.of(5L), data(wait(epfd, 8, 0)));
        assertEquals(0, wait(epfd, 8, 0).ret()); // still readable, but no new wake-up
        CompletableFuture<Eventpolls.WaitResult> sleeping = epoll.epollWait(task, epfd, 8, -1, Trace.NONE);
        untilSleeping(1);
        assertTrue(owner.asked().get(owner.asked().size() - 1).afterWake() >= 1);
        owner.wake(ino(s), EPOLLIN); // more data: a new edge
        assertEquals(List.of(5L), data(sleeping.join()));
    }

    @Test
    void aOneshotItemIsDisabledAfterItsReportUntilModified() {
        int epfd = create();
        int s = socket();
        owner.set(ino(s), EPOLLIN);
        ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN | EPOLLONESHOT, 9);
        assertEquals(List.of(9L), data(wait(epfd, 8, 0)));
        assertEquals(0, wait(epfd, 8, 0).ret());
        assertEquals(ERRNO_UNSPECIFIED, ctl(epfd, EPOLL_CTL_MOD, s, EPOLLIN | EPOLLONESHOT, 11));
        assertEquals(List.of(11L), data(wait(epfd, 8, 0)));
    }

    @Test
    void aSleepingWaitIsWokenByItsFileOrByAnAddAndEndsAtItsTimeoutOrBySignal() throws InterruptedException {
        int epfd = create();
        int a = socket();
        int b = socket();
        ctl(epfd, EPOLL_CTL_ADD, a, EPOLLIN, 1);
        assertEquals(0, wait(epfd, 8, 50).ret());
        CompletableFuture<Eventpolls.WaitResult> w = epoll.epollWait(task, epfd, 8, -1, Trace.NONE);
        untilSleeping(1);
        owner.wake(ino(a), EPOLLIN);
        assertEquals(List.of(1L), data(w.join()));
        owner.set(ino(a), 0);
        CompletableFuture<Eventpolls.WaitResult> w2 = epoll.epollWait(task, epfd, 8, -1, Trace.NONE);
        untilSleeping(1);
        owner.set(ino(b), EPOLLIN);
        ctl(epfd, EPOLL_CTL_ADD, b, EPOLLIN, 2); // another thread adds a ready socket
        assertEquals(List.of(2L), data(w2.join()));
        ctl(epfd, EPOLL_CTL_DEL, b, 0, 0);
        CompletableFuture<Eventpolls.WaitResult> w3 = epoll.epollWait(task, epfd, 8, -1, Trace.NONE);
        untilSleeping(1);
        signal.send();
        assertEquals(ERRNO_EINTR, w3.join().errno());
        untilSleeping(0);
    }

    @Test
    void epollWaitRefusesBadArguments() {
        int s = socket();
        assertEquals(ERRNO_EINVAL, wait(create(), 0, 0).errno());
        assertEquals(ERRNO_EBADF, wait(99, 1, 0).errno());
        assertEquals(ERRNO_EINVAL, wait(s, 1, 0).errno());
    }

    @Test
    void theLastCloseOfAWatchedFileRemovesItsItemButClosingOneOfItsFdsDoesNot() {
        int epfd = create();
        int s = socket();
        int dup = (int) vfs.dup(task, s).ret();
        owner.set(ino(s), EPOLLIN);
        ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN, 3);
        fileTable.fput(vfs.close(task, s).released(), Trace.NONE).join();
        assertEquals(List.of(3L), data(wait(epfd, 8, 0))); // the file lives on in dup
        fileTable.fput(vfs.close(task, dup).released(), Trace.NONE).join();
        assertEquals(0, wait(epfd, 8, 0).ret());
    }

    @Test
    void itemsOutliveARestartOfVfs() {
        int epfd = create();
        int s = socket();
        int t = socket();
        owner.set(ino(s), EPOLLIN);
        owner.set(ino(t), EPOLLIN);
        ctl(epfd, EPOLL_CTL_ADD, s, EPOLLIN, 42);
        ctl(epfd, EPOLL_CTL_ADD, t, EPOLLIN | EPOLLONESHOT, 43);
        assertEquals(List.of(42L, 43L), data(wait(epfd, 8, 0))); // the oneshot item is now disabled
        Map<String, StateRecord> topic = new LinkedHashMap<>();
        for (StateRecord r : changes.drain()) {
            topic.remove(r.key());
            if (!r.isTombstone()) {
                topic.put(r.key(), r);
            }
        }
        Vfs again = new Vfs(1000, new StateChanges());
        Eventpolls restored = new Eventpolls(again, new FileTable(again, fs, owner), timer, () -> signal);
        VfsRestore.into(again, fs, restored, new ArrayList<>(topic.values()));
        Task t2 = again.task(task.pid(), task.generation());
        assertEquals(List.of(42L), restored.epollWait(t2, epfd, 8, 0, Trace.NONE).join().events().stream()
                .map(Eventpolls.Event::data).toList());
    }
}
