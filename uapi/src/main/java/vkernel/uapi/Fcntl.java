package vkernel.uapi;

/** include/uapi/asm-generic/fcntl.h. */
public final class Fcntl {
    private Fcntl() {}

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_ACCMODE = 3;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_NDELAY = O_NONBLOCK;
    public static final int O_DSYNC = 010000;
    public static final int FASYNC = 020000;
    public static final int O_ASYNC = FASYNC;
    public static final int O_DIRECT = 040000;
    public static final int O_LARGEFILE = 0100000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;

    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;

    public static final int FD_CLOEXEC = 1;

    /**
     * Flags F_SETFL sets from its argument (fs/fcntl.c SETFL_MASK). FASYNC is not among
     * them: a file's ->fasync sets and clears it (fasync_helper), so a file without one
     * never reports it.
     */
    public static final int SETFL_MASK = O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME;
}
