package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Poll;

/** poll(2) sleeping on its files' wait queues: one registration per file, woken by the owner. */
class PollWqueuesTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final WaitingOwner owner = new WaitingOwner();
    private final Signal signal = new Signal();
    private Vfs vfs;
    private Select select;
    private Task task;
    private int a;
    private int b;
    private int c;

    @BeforeEach
    void start() {
        vfs = new Vfs(1000);
        FileSystems fs = new FileSystems(() -> 0);
        fs.registerFilesystem(FileSystemType.of(Vfs.SOCKFS, "socket:7002", ""), "sock-1");
        select = new Select(vfs, new FileTable(vfs, fs, owner), timer, () -> signal);
        task = vfs.spawn("t", 1000, 1000, 0, true, 0).task();
        a = socket();
        b = socket();
        c = socket();
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

    private CompletableFuture<Select.PollResult> poll(int timeoutMs, Select.Pollfd... fds) {
        return select.doSysPoll(task, List.of(fds), timeoutMs, Trace.NONE);
    }

    private static Select.Pollfd in(int fd) {
        return new Select.Pollfd(fd, Poll.POLLIN);
    }

    /** Waits until the owner holds n sleeping polls. */
    private void untilSleeping(int n) throws InterruptedException {
        for (int i = 0; i < 500 && owner.sleeping() != n; i++) {
            Thread.sleep(2);
        }
        assertEquals(n, owner.sleeping());
    }

    @Test
    void anIdlePollAsksEachFileOnceWithItsTimeoutAndReturnsZeroWhenItPasses() {
        long start = System.nanoTime();
        Select.PollResult r = poll(300, in(a), in(b)).join();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, r.ret());
        assertEquals(List.of(0, 0), r.revents());
        assertTrue(tookMs >= 300, "slept the whole timeout: " + tookMs);
        List<WaitingOwner.Asked> asked = owner.asked();
        assertEquals(2, asked.size(), "one registration per file, nothing asked again: " + asked);
        for (WaitingOwner.Asked q : asked) {
            assertTrue(q.timeoutMs() > 250 && q.timeoutMs() <= 300, "given the time left: " + q);
        }
    }

    @Test
    void theFirstReadyFileEndsTheWaitTheOthersAreCancelledAndOneLookReportsEveryReadyFd() throws Exception {
        CompletableFuture<Select.PollResult> r = poll(-1, in(a), new Select.Pollfd(b, Poll.POLLOUT), in(c));
        untilSleeping(3);
        assertEquals(List.of(-1, -1, -1), owner.asked().stream().map(WaitingOwner.Asked::timeoutMs).toList(), "no limit");
        owner.set(ino(b), Poll.POLLOUT);
        owner.wake(ino(a), Poll.POLLIN);
        Select.PollResult res = r.get(5, TimeUnit.SECONDS);
        assertEquals(2, res.ret(), "b was ready too, though nobody woke poll for it");
        assertEquals(List.of(Poll.POLLIN, Poll.POLLOUT, 0), res.revents());
        assertEquals(0, owner.sleeping(), "no registration is left at an owner");
        assertTrue(owner.cancelled.containsAll(List.of(ino(b), ino(c))), "cancelled: " + owner.cancelled);
        assertEquals(6, owner.asked().size(), "three registrations, then one look at each file: " + owner.asked());
        assertEquals(List.of(0, 0, 0), owner.asked().subList(3, 6).stream().map(WaitingOwner.Asked::timeoutMs).toList());
    }

    @Test
    void aWakeUpIsNeverReportedAsATimeoutEvenIfTheDataIsTakenBeforeTheLook() throws Exception {
        CompletableFuture<Select.PollResult> r = poll(-1, in(a), in(b));
        untilSleeping(2);
        owner.wake(ino(a), Poll.POLLIN);
        owner.set(ino(a), 0); // another task read it first
        Select.PollResult res = r.get(5, TimeUnit.SECONDS);
        assertEquals(1, res.ret());
        assertEquals(List.of(Poll.POLLIN, 0), res.revents());
    }

    @Test
    void oneFileWokenIsAnsweredWithoutAnotherLook() throws Exception {
        CompletableFuture<Select.PollResult> r = poll(10_000, in(a), in(a));
        untilSleeping(1);
        owner.wake(ino(a), Poll.POLLIN | Poll.POLLOUT);
        assertEquals(List.of(Poll.POLLIN, Poll.POLLIN), r.get(5, TimeUnit.SECONDS).revents());
        assertEquals(1, owner.asked().size());
    }

    @Test
    void aClosedFdIsReadyAtOnceAndEveryFileIsLookedAtOnce() {
        owner.set(ino(a), Poll.POLLIN);
        Select.PollResult r = poll(-1, in(a), in(40), in(b)).join();
        assertEquals(2, r.ret());
        assertEquals(List.of(Poll.POLLIN, Poll.POLLNVAL, 0), r.revents());
        assertEquals(List.of(0, 0), owner.asked().stream().map(WaitingOwner.Asked::timeoutMs).toList(), "no one sleeps");
    }

    @Test
    void aFileWhoseOwnerCannotSleepIsAskedAgainWhileTheOthersSleep() throws Exception {
        owner.cannotSleep.add(ino(b));
        CompletableFuture<Select.PollResult> r = poll(5_000, in(a), in(b));
        untilSleeping(1);
        long deadline = System.nanoTime() + 5_000_000_000L; // a busy machine may take a while for three looks
        while (owner.asked().stream().filter(q -> q.ino() == ino(b) && q.timeoutMs() != 0).count() < 3
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        owner.set(ino(b), Poll.POLLIN);
        Select.PollResult res = r.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(0, Poll.POLLIN), res.revents());
        List<WaitingOwner.Asked> asked = owner.asked();
        assertEquals(1, asked.stream().filter(q -> q.ino() == ino(a) && q.timeoutMs() != 0).count(), "a registered once: " + asked);
        List<Integer> bTimes = asked.stream().filter(q -> q.ino() == ino(b) && q.timeoutMs() != 0).map(WaitingOwner.Asked::timeoutMs).toList();
        assertTrue(bTimes.size() >= 3, "b looked at again: " + bTimes);
        assertTrue(bTimes.get(bTimes.size() - 1) < bTimes.get(0), "each time with the time left: " + bTimes);
        assertEquals(0, owner.sleeping());
    }

    @Test
    void aSignalEndsTheSleepWithEintrAndCancelsEveryRegistration() throws Exception {
        CompletableFuture<Select.PollResult> r = poll(-1, in(a), in(b));
        untilSleeping(2);
        signal.send();
        Select.PollResult res = r.get(5, TimeUnit.SECONDS);
        assertEquals(-1, res.ret());
        assertEquals(Errno.ERRNO_EINTR, res.errno());
        assertEquals(0, owner.sleeping());
        assertEquals(2, owner.cancelled.size());
    }

    @Test
    void anOwnerThatFailsEndsThePollWithEintr() {
        owner.failure = new IllegalStateException("gone");
        Select.PollResult r = poll(-1, in(a), in(b)).join();
        assertEquals(Errno.ERRNO_EINTR, r.errno());
    }

    @Test
    void entriesNoOwnerCanMakeReadyWaitOutTheTimeout() {
        long start = System.nanoTime();
        Select.PollResult r = poll(100, new Select.Pollfd(1, Poll.POLLPRI), new Select.Pollfd(-1, Poll.POLLIN)).join();
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));
        assertEquals(new Select.PollResult(0, Errno.ERRNO_UNSPECIFIED, List.of(0, 0)), r);
        assertEquals(List.of(), owner.asked());
    }
}
