package vkernel.vfs.core;

import static vkernel.errno.v1.Errno.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.CurrentCall;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Epoll;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Stat;

/**
 * fs/eventpoll.c: epoll_create1, epoll_ctl and epoll_wait, and the eventpolls of every
 * epoll file by inode. An epoll file is an anonymous inode ("anon_inodefs", as
 * anon_inode_getfile makes it) held by vfs; its items watch files of any filesystem,
 * other epoll files included (nested up to EP_MAX_NESTS).
 */
public final class Eventpolls {
    public static final String ANON_INODEFS = "anon_inodefs";

    /** One reported struct epoll_event. */
    public record Event(int events, long data) {}

    /** epoll_wait's answer: the events (ret is their count), or -1 and errno. */
    public record WaitResult(int ret, Errno errno, List<Event> events) {
        static WaitResult fail(Errno e) {
            return new WaitResult(-1, e, List.of());
        }

        static WaitResult of(List<Event> events) {
            return new WaitResult(events.size(), ERRNO_UNSPECIFIED, events);
        }
    }

    private final Vfs vfs;
    private final FileTable fileTable;
    private final ScheduledExecutorService timer;
    private final Supplier<CurrentCall> currentCall;
    private final Map<Long, Eventpoll> byIno = new ConcurrentHashMap<>();

    public Eventpolls(Vfs vfs, FileTable fileTable, ScheduledExecutorService timer) {
        this(vfs, fileTable, timer, CurrentCall::get);
    }

    public Eventpolls(Vfs vfs, FileTable fileTable, ScheduledExecutorService timer, Supplier<CurrentCall> currentCall) {
        this.vfs = vfs;
        this.fileTable = fileTable;
        this.timer = timer;
        this.currentCall = currentCall;
        fileTable.onLastFput(this::eventpollRelease);
    }

    static boolean isEpoll(File f) {
        return f != null && ANON_INODEFS.equals(f.inode().fsType());
    }

    /** epoll_create(2): a size of 0 or less is EINVAL; it is otherwise unused. */
    public Vfs.Result epollCreate(Task t, int size) {
        return size <= 0 ? Vfs.Result.fail(ERRNO_EINVAL) : epollCreate1(t, 0, -1);
    }

    /**
     * Follows do_epoll_create: EINVAL for a flag other than EPOLL_CLOEXEC; the file is
     * O_RDWR, at atFd when it is &gt;= 0 (EBUSY when taken), else at the lowest free fd.
     */
    public Vfs.Result epollCreate1(Task t, int flags, int atFd) {
        if ((flags & ~Epoll.EPOLL_CLOEXEC) != 0) {
            return Vfs.Result.fail(ERRNO_EINVAL);
        }
        synchronized (vfs) {
            Inode inode = vfs.newInode(ANON_INODEFS, Stat.S_IRUSR | Stat.S_IWUSR, t.cred().getUid());
            Vfs.Result r = vfs.fdInstall(t, inode.ino(), Fcntl.O_RDWR, (flags & Epoll.EPOLL_CLOEXEC) != 0, -1, atFd);
            if (r.failed()) {
                vfs.evict(inode.ino());
                return r;
            }
            byIno.put(inode.ino(), new Eventpoll(inode.ino(), t.pid()));
            return r;
        }
    }

    /**
     * Follows do_epoll_ctl. event is null for a NULL pointer: EFAULT for every op but
     * EPOLL_CTL_DEL (copied before anything is looked at). Then EBADF for either fd,
     * EPERM for a file that cannot be polled, EINVAL for an epfd that is not an epoll
     * file or is fd itself, EPOLLEXCLUSIVE misused, an unknown op; ELOOP for a loop or a
     * nesting too deep; EEXIST, ENOENT. An added or changed item that is ready now is
     * queued at once and wakes the epoll_waits sleeping on it.
     */
    public CompletableFuture<Errno> epollCtl(Task t, int epfd, int op, int fd, Event event, Trace syscall) {
        Ctl c = change(t, epfd, op, fd, event);
        if (c.errno() != ERRNO_UNSPECIFIED) {
            return CompletableFuture.completedFuture(c.errno());
        }
        if (c.changed() == null) {
            c.ep().wakeSleepers();
            return CompletableFuture.completedFuture(ERRNO_UNSPECIFIED);
        }
        return queueIfReady(t, c.ep(), c.changed(), syscall).thenApply(v -> ERRNO_UNSPECIFIED);
    }

    /** What do_epoll_ctl's locked part did: refused (errno), or changed ep; changed is the item added or modified. */
    private record Ctl(Errno errno, Eventpoll ep, Epitem changed) {
        static Ctl refused(Errno e) {
            return new Ctl(e, null, null);
        }
    }

    /** do_epoll_ctl's checks and the change itself, under the lock. */
    private Ctl change(Task t, int epfd, int op, int fd, Event event) {
        if (op != Epoll.EPOLL_CTL_DEL && event == null) {
            return Ctl.refused(ERRNO_EFAULT);
        }
        Eventpoll ep;
        Epitem changed = null;
        synchronized (vfs) {
            File f = vfs.fget(t, epfd);
            File tf = f == null ? null : vfs.fget(t, fd);
            if (f == null || tf == null) {
                return Ctl.refused(ERRNO_EBADF);
            }
            if (!canPoll(tf)) {
                return Ctl.refused(ERRNO_EPERM);
            }
            int events = event == null ? 0 : event.events() & ~Epoll.EPOLLWAKEUP; // no CAP_BLOCK_SUSPEND here
            if (f == tf || !isEpoll(f)) {
                return Ctl.refused(ERRNO_EINVAL);
            }
            if (op != Epoll.EPOLL_CTL_DEL && (events & Epoll.EPOLLEXCLUSIVE) != 0
                    && (op == Epoll.EPOLL_CTL_MOD || op == Epoll.EPOLL_CTL_ADD
                            && (isEpoll(tf) || (events & ~Epoll.EPOLLEXCLUSIVE_OK_BITS) != 0))) {
                return Ctl.refused(ERRNO_EINVAL);
            }
            ep = byIno.get(f.inode().ino());
            if (op == Epoll.EPOLL_CTL_ADD && isEpoll(tf) && loops(ep, byIno.get(tf.inode().ino()))) {
                return Ctl.refused(ERRNO_ELOOP);
            }
            Epitem epi = ep.find(tf, fd);
            switch (op) {
                case Epoll.EPOLL_CTL_ADD -> {
                    if (epi != null) {
                        return Ctl.refused(ERRNO_EEXIST);
                    }
                    changed = new Epitem(ep, tf, fd, events | Epoll.EPOLLERR | Epoll.EPOLLHUP, event.data());
                    ep.insert(changed);
                    vfs.journal().epitem(ep, changed);
                }
                case Epoll.EPOLL_CTL_DEL -> {
                    if (epi == null) {
                        return Ctl.refused(ERRNO_ENOENT);
                    }
                    ep.remove(epi);
                    vfs.journal().epitemGone(ep, epi);
                }
                case Epoll.EPOLL_CTL_MOD -> {
                    if (epi == null) {
                        return Ctl.refused(ERRNO_ENOENT);
                    }
                    if ((epi.events & Epoll.EPOLLEXCLUSIVE) != 0) {
                        return Ctl.refused(ERRNO_EINVAL);
                    }
                    epi.events = events | Epoll.EPOLLERR | Epoll.EPOLLHUP;
                    epi.data = event.data();
                    vfs.journal().epitem(ep, epi);
                    changed = epi;
                }
                default -> {
                    return Ctl.refused(ERRNO_EINVAL);
                }
            }
        }
        return new Ctl(ERRNO_UNSPECIFIED, ep, changed);
    }

    /**
     * ep_insert's and ep_modify's look at the file (ep_item_poll): ready now puts the item
     * on the ready list, before epoll_ctl returns; any epoll_wait sleeping on the epoll
     * looks again. A file that cannot answer leaves the item to epoll_wait's own look.
     */
    private CompletableFuture<Void> queueIfReady(Task t, Eventpoll ep, Epitem epi, Trace syscall) {
        Trace look = syscall.child("ep_item_poll").object("fd", epi.fd);
        CompletableFuture<Revents> r = vfsPoll(t, epi.file, epi.pollEvents(), 0, Revents.LEVEL, look);
        return r.handle((rev, err) -> {
            if (rev != null) {
                synchronized (vfs) {
                    epi.seenWakes = rev.wakes();
                    if ((rev.mask() & epi.pollEvents()) != 0) {
                        ep.queue(epi);
                    }
                }
            }
            look.end();
            ep.wakeSleepers();
            return null;
        });
    }

    /** file_can_poll: sockets and epoll files can be polled; the null device has no poll. */
    private static boolean canPoll(File f) {
        return !Vfs.NULLFS.equals(f.inode().fsType());
    }

    /**
     * ep_loop_check: adding epoll file {@code to} into {@code ep} must not make ep reachable
     * from itself, nor nest epoll files more than EP_MAX_NESTS deep.
     */
    private boolean loops(Eventpoll ep, Eventpoll to) {
        if (to == null) {
            return false;
        }
        int below = depthBelow(to, ep, new HashSet<>());
        return below < 0 || depthAbove(ep, new HashSet<>()) + 1 + below > Epoll.EP_MAX_NESTS;
    }

    /** How deep epoll files nest under ep; -1 when target is among them (a loop). */
    private int depthBelow(Eventpoll ep, Eventpoll target, Set<Eventpoll> seen) {
        if (ep == target) {
            return -1;
        }
        if (!seen.add(ep)) {
            return 0;
        }
        int depth = 0;
        for (Epitem epi : ep.items()) {
            Eventpoll child = isEpoll(epi.file) ? byIno.get(epi.file.inode().ino()) : null;
            if (child != null) {
                int d = depthBelow(child, target, seen);
                if (d < 0) {
                    return -1;
                }
                depth = Math.max(depth, d + 1);
            }
        }
        return depth;
    }

    /** How many epoll files ep is nested in, at most. */
    private int depthAbove(Eventpoll ep, Set<Eventpoll> seen) {
        if (!seen.add(ep)) {
            return 0;
        }
        int depth = 0;
        for (Eventpoll parent : byIno.values()) {
            for (Epitem epi : parent.items()) {
                if (isEpoll(epi.file) && epi.file.inode().ino() == ep.ino) {
                    depth = Math.max(depth, depthAbove(parent, seen) + 1);
                }
            }
        }
        return depth;
    }

    /**
     * Follows do_epoll_wait: EINVAL for maxevents outside 1..EP_MAX_EVENTS, EBADF for a
     * closed epfd, EINVAL for one that is not an epoll file; then ep_poll. Call it on the
     * thread serving the call. Never completes exceptionally: a failed wait is EINTR.
     */
    public CompletableFuture<WaitResult> epollWait(Task t, int epfd, int maxevents, int timeoutMs, Trace syscall) {
        if (maxevents <= 0 || maxevents > Epoll.EP_MAX_EVENTS) {
            return CompletableFuture.completedFuture(WaitResult.fail(ERRNO_EINVAL));
        }
        File f = vfs.fget(t, epfd);
        if (f == null) {
            return CompletableFuture.completedFuture(WaitResult.fail(ERRNO_EBADF));
        }
        Eventpoll ep = isEpoll(f) ? byIno.get(f.inode().ino()) : null;
        if (ep == null) {
            return CompletableFuture.completedFuture(WaitResult.fail(ERRNO_EINVAL));
        }
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        return new EpWait(this, ep, t, maxevents, deadline, false, currentCall.get(), syscall, timer).start()
                .exceptionally(err -> WaitResult.fail(ERRNO_EINTR));
    }

    /**
     * ep_eventpoll_poll: an epoll file polled (by poll, or by an epoll watching it) is
     * readable while one of its items is ready; it waits as epoll_wait does, reporting
     * nothing. Its wake-ups are its items becoming ready; an asker's edge trigger compares
     * them itself, so afterWake does not change the wait. Cancelling the answer ends the wait.
     */
        CompletableFuture<Revents> pollEventpoll(Task t, File f, int events, int timeoutMs, long afterWake, Trace syscall) {
        Eventpoll ep = byIno.get(f.inode().ino());
        if (ep == null) {
            return CompletableFuture.completedFuture(Revents.of(vkernel.uapi.Poll.POLLNVAL));
        }
        if ((events & (Epoll.EPOLLIN | Epoll.EPOLLRDNORM)) == 0) {
            timeoutMs = 0; // nothing it could become is asked: one look
        }
        long deadline = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        EpWait peek = new EpWait(this, ep, t, Integer.MAX_VALUE, deadline, true, currentCall.get(), syscall, timer);
        CompletableFuture<Revents> mask = peek.start().thenApply(r -> {
            synchronized (vfs) {
                return new Revents(r.ret() > 0 ? Epoll.EPOLLIN | Epoll.EPOLLRDNORM : 0, ep.wakes());
            }
        });
        mask.whenComplete((m, err) -> {
            if (mask.isCancelled()) {
                peek.cancel(); // the poll that asked is gone: so are this wait's own calls
            }
        });
        return mask;
    }

    /** vfs_poll of any file an item may watch: an epoll file here, the others by their owner. */
    CompletableFuture<Revents> vfsPoll(Task t, File f, int events, int timeoutMs, long afterWake, Trace syscall) {
        if (isEpoll(f)) {
            return pollEventpoll(t, f, events, timeoutMs, afterWake, syscall);
        }
        return fileTable.vfsPoll(t, f, events, timeoutMs, afterWake, syscall);
    }

    Vfs vfs() {
        return vfs;
    }

    /**
     * The last reference to f is gone (__fput): eventpoll_release drops every item
     * watching it, and an epoll file's own eventpoll is freed (ep_free).
     */
    private void eventpollRelease(File f) {
        java.util.Set<Eventpoll> touched = new java.util.LinkedHashSet<>();
        synchronized (vfs) {
            Eventpoll own = isEpoll(f) ? byIno.remove(f.inode().ino()) : null;
            if (own != null) {
                for (Epitem epi : own.items()) {
                    own.remove(epi);
                    vfs.journal().epitemGone(own, epi);
                }
                touched.add(own);
            }
            for (Epitem epi : List.copyOf(f.fEp)) {
                epi.ep.remove(epi);
                vfs.journal().epitemGone(epi.ep, epi);
                touched.add(epi.ep);
            }
        }
        touched.forEach(Eventpoll::wakeSleepers);
    }

    /** Adopts restored items: an epoll file's eventpoll for each anon inode a file holds, then its items. */
    void restore(List<vkernel.state.v1.VfsEpitem> items) {
        synchronized (vfs) {
            Map<Long, File> files = vfs.filesById();
            for (File f : files.values()) {
                if (isEpoll(f)) {
                    byIno.putIfAbsent(f.inode().ino(), new Eventpoll(f.inode().ino(), f.shard()));
                }
            }
            for (vkernel.state.v1.VfsEpitem r : items) {
                Eventpoll ep = byIno.get(r.getEpIno());
                File tf = files.get(r.getFile());
                if (ep == null || tf == null) {
                    vfs.journal().epitemGone(r.getEpIno(), r.getFile(), r.getFd(), ep == null ? 0 : ep.shard);
                } else {
                    ep.insert(new Epitem(ep, tf, r.getFd(), r.getEvents(), r.getData()));
                }
            }
        }
    }

    public int count() {
        return byIno.size();
    }
}
