package vkernel.uapi;

/** include/uapi/linux/eventpoll.h. */
public final class Epoll {
    private Epoll() {}

    public static final int EPOLL_CLOEXEC = Fcntl.O_CLOEXEC;

    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;

    public static final int EPOLLIN = 0x00000001;
    public static final int EPOLLPRI = 0x00000002;
    public static final int EPOLLOUT = 0x00000004;
    public static final int EPOLLERR = 0x00000008;
    public static final int EPOLLHUP = 0x00000010;
    public static final int EPOLLNVAL = 0x00000020;
    public static final int EPOLLRDNORM = 0x00000040;
    public static final int EPOLLRDBAND = 0x00000080;
    public static final int EPOLLWRNORM = 0x00000100;
    public static final int EPOLLWRBAND = 0x00000200;
    public static final int EPOLLMSG = 0x00000400;
    public static final int EPOLLRDHUP = 0x00002000;
    public static final int EPOLLEXCLUSIVE = 1 << 28;
    public static final int EPOLLWAKEUP = 1 << 29;
    public static final int EPOLLONESHOT = 1 << 30;
    public static final int EPOLLET = 1 << 31;

    /** fs/eventpoll.c: the bits that are not events but say how an item is reported. */
    public static final int EP_PRIVATE_BITS = EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE;
    /** fs/eventpoll.c: what EPOLLEXCLUSIVE may be combined with. */
    public static final int EPOLLEXCLUSIVE_OK_BITS = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET
            | EPOLLEXCLUSIVE;
    /** fs/eventpoll.c: INT_MAX / sizeof(struct epoll_event), the packed 12 bytes of x86-64. */
    public static final int EP_MAX_EVENTS = Integer.MAX_VALUE / 12;
    /** fs/eventpoll.c: how deep epoll files may be nested in one another. */
    public static final int EP_MAX_NESTS = 4;
}
