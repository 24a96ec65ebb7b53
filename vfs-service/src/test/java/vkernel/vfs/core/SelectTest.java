package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Poll;

/** poll(2): do_pollfd's masks and do_sys_poll's waiting. */
class SelectTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Vfs vfs;
    private FakeOwner owner;
    private FileSystems fs;
    private Select select;
    private Task task;
    private int sock;

    @BeforeEach
    void start() {
        vfs = new Vfs(1000);
        owner = new FakeOwner();
        fs = new FileSystems(() -> 0);
        fs.registerFilesystem(FileSystemType.of(Vfs.SOCKFS, "socket:7002", ""), "sock-1");
        select = new Select(vfs, new FileTable(vfs, fs, owner), timer);
        task = vfs.spawn("t", 1000, 1000, 0, true, 0).task();
        sock = (int) vfs.fdInstall(task, vfs.newInodePseudo(Vfs.SOCKFS).ino(), Fcntl.O_RDWR, false).ret();
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Select.PollResult poll(int timeoutMs, Select.Pollfd... fds) {
        return select.doSysPoll(task, List.of(fds), timeoutMs, Trace.NONE).join();
    }

    @Test
    void eachFdGetsItsMaskFilteredByWhatItAskedPlusErrAndHup() {
        owner.pollMask = Poll.POLLIN | Poll.POLLOUT | Poll.POLLHUP;
        Select.PollResult r = poll(0,
                new Select.Pollfd(-1, Poll.POLLIN), // ignored
                new Select.Pollfd(40, Poll.POLLIN), // not open
                new Select.Pollfd(1, Poll.POLLOUT), // the null device
                new Select.Pollfd(sock, Poll.POLLIN));
        assertEquals(3, r.ret());
        assertEquals(List.of(0, Poll.POLLNVAL, Poll.POLLOUT, Poll.POLLIN | Poll.POLLHUP), r.revents());
    }

    @Test
    void nothingReadyWithATimeoutOfZeroIsZero() {
        owner.pollMask = Poll.POLLOUT;
        Select.PollResult r = poll(0, new Select.Pollfd(sock, Poll.POLLIN), new Select.Pollfd(sock, Poll.POLLPRI));
        assertEquals(0, r.ret());
        assertEquals(List.of(0, 0), r.revents());
    }

    @Test
    void oneFdWithATimeoutIsWaitedForByItsOwner() {
        owner.pollMask = Poll.POLLIN;
        Select.PollResult r = poll(250, new Select.Pollfd(sock, Poll.POLLIN));
        assertEquals(1, r.ret());
        assertEquals(List.of("poll " + vfs.fget(task, sock).inode().ino() + " 250"), owner.calls);
    }

    @Test
    void severalFdsAreLookedAtAgainUntilTheTimeout() {
        Select.PollResult r = poll(30, new Select.Pollfd(sock, Poll.POLLIN), new Select.Pollfd(sock, Poll.POLLIN));
        assertEquals(0, r.ret());
        // both entries are one file: one call to its owner a look, and more than one look
        assertEquals(true, owner.calls.size() >= 2, "looked again: " + owner.calls);
    }

    @Test
    void aWaitEndsWithEintrWhenTheCallerIsInterrupted() {
        CurrentCall gone = new CurrentCall() {
            @Override
            public long millisToDeadline() {
                return NO_DEADLINE;
            }

            @Override
            public boolean interrupted() {
                return true;
            }

            @Override
            public void onInterrupt(Runnable onInterrupt) {}
        };
        Select s = new Select(vfs, new FileTable(vfs, fs, owner), timer, () -> gone);
        Select.PollResult r = s.doSysPoll(task, List.of(new Select.Pollfd(1, Poll.POLLOUT), new Select.Pollfd(2, Poll.POLLOUT)),
                -1, Trace.NONE).join();
        assertEquals(2, r.ret(), "ready fds win over the signal");
        Select.PollResult none = s.doSysPoll(task, List.of(new Select.Pollfd(sock, Poll.POLLIN), new Select.Pollfd(-1, 0)),
                -1, Trace.NONE).join();
        assertEquals(-1, none.ret());
        assertEquals(Errno.ERRNO_EINTR, none.errno());
    }

    @Test
    void anOwnerThatFailsMakesThePollEintr() {
        owner.failure = new IllegalStateException("gone");
        Select.PollResult r = poll(100, new Select.Pollfd(sock, Poll.POLLIN));
        assertEquals(-1, r.ret());
        assertEquals(Errno.ERRNO_EINTR, r.errno());
    }

    /** do_sys_poll: nfds > rlimit(RLIMIT_NOFILE) (the soft limit) is EINVAL, whatever the timeout, before any fd is looked at. */
    @ParameterizedTest(name = "soft {0} hard {1}, nfds {2}, timeout {3}: ret {4} {5}")
    @CsvSource({
        "1024, 1024, 1025,   0, -1, ERRNO_EINVAL",
        "1024, 1024, 1025,  -1, -1, ERRNO_EINVAL", // waiting for ever does not come first
        "1024, 1024, 200000, 100, -1, ERRNO_EINVAL",
        "2,    1024, 3,      0, -1, ERRNO_EINVAL", // the soft limit, not the hard one
        "0,    0,    1,      0, -1, ERRNO_EINVAL",
        "2,    1024, 2,      0, 2, ERRNO_UNSPECIFIED",
        "1024, 1024, 1024,   0, 1024, ERRNO_UNSPECIFIED",
        "0,    0,    0,      0, 0, ERRNO_UNSPECIFIED",
    })
    void nfdsAboveTheSoftNofileLimitIsEinvalBeforeAnyWork(long soft, long hard, int nfds, int timeoutMs, int ret, Errno errno) {
        assertEquals(0, vfs.setrlimit(task, vkernel.uapi.Resource.RLIMIT_NOFILE, soft, hard).ret());
        owner.pollMask = Poll.POLLIN;
        List<Select.Pollfd> fds = new ArrayList<>();
        for (int i = 0; i < nfds; i++) {
            fds.add(new Select.Pollfd(sock, Poll.POLLIN));
        }
        boolean[] copied = {false};
        Select.PollResult r = select.doSysPoll(task, nfds, () -> {
            copied[0] = true;
            return fds;
        }, timeoutMs, Trace.NONE).join();
        assertEquals(ret, r.ret());
        assertEquals(errno, r.errno());
        if (ret < 0) {
            assertEquals(false, copied[0], "the entries are not even copied");
            assertEquals(List.of(), owner.calls, "no file is polled");
            assertEquals(List.of(), r.revents());
        }
    }

    @Test
    void entriesOnOneFileShareOneCallToItsOwnerAndEachKeepsWhatItAsked() {
        owner.pollMask = Poll.POLLIN | Poll.POLLOUT;
        int dup = (int) vfs.dup(task, sock).ret();
        List<Select.Pollfd> fds = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            fds.add(new Select.Pollfd(i % 2 == 0 ? sock : dup, i % 3 == 0 ? Poll.POLLOUT : Poll.POLLIN));
        }
        fds.add(new Select.Pollfd(1, Poll.POLLOUT));
        Select.PollResult r = select.doSysPoll(task, fds, 0, Trace.NONE).join();
        assertEquals(1001, r.ret());
        assertEquals(List.of("poll " + vfs.fget(task, sock).inode().ino() + " 0"), owner.calls, "one call for 1000 entries on one file");
        assertEquals(Poll.POLLOUT, r.revents().get(0));
        assertEquals(Poll.POLLIN, r.revents().get(1));
        assertEquals(Poll.POLLOUT, r.revents().get(1000));
    }

    @Test
    void aFileWhoseOwnerIsGoneIsPollnvalWhateverItAsked() {
        FileSystems none = new FileSystems(() -> 0);
        Select s = new Select(vfs, new FileTable(vfs, none, owner), timer);
        Select.PollResult r = s.doSysPoll(task, List.of(new Select.Pollfd(sock, Poll.POLLIN), new Select.Pollfd(sock, 0)), 0,
                Trace.NONE).join();
        assertEquals(List.of(Poll.POLLNVAL, Poll.POLLNVAL), r.revents());
    }
}
