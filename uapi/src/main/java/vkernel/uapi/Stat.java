package vkernel.uapi;

/** include/uapi/linux/stat.h. */
public final class Stat {
    private Stat() {}

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_IRWXUGO = 0777;
    public static final int S_IRUSR = 0400;
    public static final int S_IWUSR = 0200;
}
