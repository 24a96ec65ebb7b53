package vkernel.run;

import java.util.HashMap;
import java.util.Map;

/** The call numbers of the vk run protocol: a contract with preload/src/main/c/vkpreload.h, never renumbered. */
enum PreloadCall {
    SOCKET(1),
    BIND(2),
    LISTEN(3),
    ACCEPT4(4),
    CONNECT(5),
    SENDMSG(6),
    RECVMSG(7),
    GETSOCKOPT(8),
    SETSOCKOPT(9),
    GETSOCKNAME(10),
    GETPEERNAME(11),
    SHUTDOWN(12),
    CLOSE(13),
    DUP3(14),
    FCNTL(15),
    READ(16),
    WRITE(17),
    POLL(18),
    IOCTL(19),
    /** Not a call: cancels the connection's call in flight (a signal interrupted the program's wait). */
    INTERRUPT(20),
    /** fork(2): the connection's task copied (ProcessTasks). */
    FORK(21),
    /** A forked process's connection presents its task. */
    ATTACH(22),
    /** After fork: the child task's host process, whose exit ends it. */
    FORKED(23),
    /** A host epoll's hidden vkernel epoll, made on the library's placeholder number. */
    EPOLL_CREATE1(24),
    EPOLL_CTL(25),
    EPOLL_WAIT(26);

    private static final Map<Integer, PreloadCall> BY_NR = new HashMap<>();

    static {
        for (PreloadCall c : values()) {
            if (BY_NR.put(c.nr, c) != null) {
                throw new ExceptionInInitializerError("call number " + c.nr + " twice");
            }
        }
    }

    final int nr;

    PreloadCall(int nr) {
        this.nr = nr;
    }

    /** The call of this number, or null for one this side does not know (answered ENOSYS). */
    static PreloadCall of(int nr) {
        return BY_NR.get(nr);
    }
}
