package vkernel.run;

import static vkernel.uapi.Epoll.EPOLL_CLOEXEC;
import static vkernel.uapi.Fcntl.O_CLOEXEC;
import static vkernel.uapi.Socket.SOCK_CLOEXEC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import vkernel.errno.v1.Errno;
import vkernel.run.PreloadFrame.Answer;
import vkernel.run.PreloadFrame.Request;
import vkernel.sdk.Accepted;
import vkernel.sdk.EpollEvent;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.PollFd;
import vkernel.sdk.PollResult;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;

/**
 * Makes each call of the preload library with the SDK, as the program's task, and turns the
 * result into the answer the library gives the program: ret and errno as Linux's. A call that
 * creates an fd (socket, accept4, dup3, epoll_create1) makes it on the number the library
 * reserved in the host's table (arg 3), so the program's fd and the task's are the same number:
 * made there directly, not at the lowest free fd first, which another thread of the process may hold
 * in the host's table for a call of its own (see {@link #socket} for other processes).
 */
final class PreloadCalls {
    /** sizeof(struct vk_recv_meta): addrlen, msg_flags, 128 bytes of address. */
    static final int RECV_META = 4 + 4 + 128;
    /** sizeof(struct vk_pollfd): fd, events, padding. */
    static final int POLLFD = 8;
    /** sizeof(struct epoll_event) on x86-64, packed: u32 events, u64 data. */
    static final int EPOLL_EVENT = 12;

    private final Task task;

    PreloadCalls(Task task) {
        this.task = task;
    }

    Task task() {
        return task;
    }

    /** The answer to one request; never throws: every failure is an errno (EIO when the kernel cannot answer). */
    Answer serve(Request r) {
        PreloadCall call = PreloadCall.of(r.nr());
        if (call == null) {
            return Answer.error(Errno.ERRNO_ENOSYS.getNumber());
        }
        try {
            return serve(call, r.arg(), r.data());
        } catch (ErrnoException e) {
            return Answer.error(e.number());
        } catch (RuntimeException e) {
            return Answer.error(Errno.ERRNO_EIO.getNumber());
        }
    }

    private Answer serve(PreloadCall call, long[] a, byte[] data) {
        int fd = (int) a[0];
        return switch (call) {
            case SOCKET -> named(socket(fd, (int) a[1], (int) a[2], (int) a[3]), new byte[0]);
            case BIND -> ok(() -> task.bind(fd, SockAddr.of(data)));
            case LISTEN -> ok(() -> task.listen(fd, (int) a[1]));
            case ACCEPT4 -> accept4(fd, (int) a[1], (int) a[3]);
            case CONNECT -> ok(() -> task.connect(fd, SockAddr.of(data)));
            case SENDMSG -> sendmsg(fd, (int) a[1], (int) a[2], data);
            case RECVMSG -> recvmsg(fd, a[1], (int) a[2]);
            case GETSOCKOPT -> Answer.ok(0, task.getsockopt(fd, (int) a[1], (int) a[2], (int) a[3]));
            case SETSOCKOPT -> ok(() -> task.setsockopt(fd, (int) a[1], (int) a[2], data));
            case GETSOCKNAME -> Answer.ok(0, task.getsockname(fd).bytes());
            case GETPEERNAME -> Answer.ok(0, task.getpeername(fd).bytes());
            case SHUTDOWN -> ok(() -> task.shutdown(fd, (int) a[1]));
            case CLOSE -> ok(() -> task.close(fd));
            case DUP3 -> Answer.ok(task.dup3(fd, (int) a[3], (int) a[1]));
            case FCNTL -> Answer.ok(task.fcntl(fd, (int) a[1], a[2]));
            case READ -> read(fd, a[1]);
            case WRITE -> Answer.ok(task.write(fd, data));
            case POLL -> poll((int) a[0], (int) a[1], data);
            case IOCTL -> Answer.ok(0, task.ioctl(fd, (int) a[1], data));
            case EPOLL_CREATE1 -> Answer.ok(epollCreate1(fd, (int) a[3]));
            case EPOLL_CTL -> epollCtl(fd, (int) a[1], (int) a[2], a[3] != 0, data);
            case EPOLL_WAIT -> epollWait(fd, (int) a[1], (int) a[2]);
            // PreloadServer's and ProcessTasks': never served as a task's call
            case INTERRUPT, FORK, ATTACH, FORKED -> Answer.error(Errno.ERRNO_EINVAL.getNumber());
        };
    }

    /**
     * The new fd goes straight onto the library's placeholder number, which no other thread
     * of the process holds. EBUSY means another process of the program holds that number in
     * the task they share (or one that exited left it open: a process's exit closes nothing
     * in the task): then, as before there was at_fd, the socket is made at the task's lowest
     * free fd and moved onto the number, replacing what the task had there (docs/run.md:
     * processes share one task until fork is built).
     */
    private int socket(int domain, int type, int protocol, int target) {
        return atOrMoved(() -> task.socketAt(target, domain, type, protocol),
                () -> place(task.socket(domain, type, protocol), target, (type & SOCK_CLOEXEC) != 0));
    }

    /**
     * A new socket's answer: its fd, and its inode number (u64) before the rest of the data,
     * which the library names its placeholder after, so that readlink of /proc/PID/fd/N
     * reads socket:[INO] in every process under vk run (ss -p); 0 when it could not be read.
     */
    private Answer named(int fd, byte[] rest) {
        long ino;
        try {
            ino = task.fstat(fd).ino();
        } catch (RuntimeException e) {
            ino = 0; // the socket is made: it is answered, its placeholder unnamed
        }
        return Answer.ok(fd, ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(ino).put(rest).array());
    }

    /** As {@link #socket}; accept4 is refused before it accepts, so the connection is still queued for the move. */
    private Answer accept4(int fd, int flags, int target) {
        Accepted a = atOrMoved(() -> task.accept4At(target, fd, flags), () -> {
            Accepted made = task.accept4(fd, flags);
            return new Accepted(place(made.fd(), target, (flags & SOCK_CLOEXEC) != 0), made.peer());
        });
        return named(a.fd(), a.peer().bytes());
    }

    /** at, or moved when at answers EBUSY (the number is the task's already: see {@link #socket}). */
    private static <T> T atOrMoved(Supplier<T> at, Supplier<T> moved) {
        try {
            return at.get();
        } catch (ErrnoException e) {
            if (e.number() != Errno.ERRNO_EBUSY.getNumber()) {
                throw e;
            }
        }
        return moved.get();
    }

    /** Moves a new fd onto target, replacing what the task had there. */
    private int place(int fd, int target, boolean cloexec) {
        if (fd == target) {
            return fd;
        }
        try {
            // dup3 sets close-on-exec only if asked: ask when the new fd had it (SOCK_CLOEXEC)
            return task.dup3(fd, target, cloexec ? O_CLOEXEC : 0);
        } finally {
            task.close(fd);
        }
    }

    /** The hidden epoll of a host epoll: on the library's placeholder number, as {@link #socket}. */
    private int epollCreate1(int flags, int target) {
        return atOrMoved(() -> task.epollCreate1At(target, flags),
                () -> place(task.epollCreate1(flags), target, (flags & EPOLL_CLOEXEC) != 0));
    }

    /** The event, when there is one, is the packed 12-byte struct epoll_event. */
    private Answer epollCtl(int epfd, int op, int fd, boolean hasEvent, byte[] data) {
        EpollEvent event = null;
        if (hasEvent) {
            if (data.length != EPOLL_EVENT) {
                return Answer.error(Errno.ERRNO_EFAULT.getNumber());
            }
            ByteBuffer b = PreloadFrame.le(data);
            event = new EpollEvent(b.getInt(), b.getLong());
        }
        task.epollCtl(epfd, op, fd, event);
        return Answer.ok(0);
    }

    /** The answer: ret events, packed 12 bytes each. */
    private Answer epollWait(int epfd, int maxevents, int timeoutMs) {
        List<EpollEvent> events = task.epollWait(epfd, maxevents, timeoutMs);
        ByteBuffer out = PreloadFrame.le(new byte[events.size() * EPOLL_EVENT]);
        for (EpollEvent e : events) {
            out.putInt(e.events()).putLong(e.data());
        }
        return Answer.ok(events.size(), out.array());
    }

    private Answer sendmsg(int fd, int flags, int addrlen, byte[] data) {
        if (addrlen < 0 || addrlen > data.length) {
            return Answer.error(Errno.ERRNO_EINVAL.getNumber());
        }
        SockAddr to = SockAddr.of(Arrays.copyOf(data, addrlen));
        return Answer.ok(task.sendmsg(fd, Arrays.copyOfRange(data, addrlen, data.length), flags, to));
    }

    private Answer recvmsg(int fd, long len, int flags) {
        Received r = task.recvmsg(fd, len, flags);
        byte[] from = r.from().bytes();
        ByteBuffer b = PreloadFrame.le(new byte[RECV_META + r.data().length]);
        b.putInt(Math.min(from.length, 128)).putInt(r.msgFlags()).put(from, 0, Math.min(from.length, 128));
        b.position(RECV_META).put(r.data());
        return Answer.ok(r.n(), b.array());
    }

    private Answer read(int fd, long count) {
        Received r = task.read(fd, count);
        return Answer.ok(r.n(), r.data());
    }

    private Answer poll(int n, int timeoutMs, byte[] data) {
        if (n < 0 || (long) n * POLLFD != data.length) {
            return Answer.error(Errno.ERRNO_EINVAL.getNumber());
        }
        ByteBuffer in = PreloadFrame.le(data);
        List<PollFd> fds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fds.add(new PollFd(in.getInt(), in.getShort() & 0xffff));
            in.getShort();
        }
        PollResult r = task.poll(fds, timeoutMs);
        ByteBuffer out = PreloadFrame.le(new byte[n * 2]);
        for (int i = 0; i < n; i++) {
            out.putShort((short) r.revents(i));
        }
        return Answer.ok(r.ready(), out.array());
    }

    private static Answer ok(Runnable call) {
        call.run();
        return Answer.ok(0);
    }
}
