package vkernel.uapi;

/** include/uapi/asm-generic/resource.h. */
public final class Resource {
    private Resource() {}

    public static final int RLIMIT_NOFILE = 7;
    public static final long RLIM_INFINITY = -1L;
    /** fs.nr_open default: RLIMIT_NOFILE may not be raised past it (EPERM). */
    public static final long NR_OPEN = 1024 * 1024;
    /** INR_OPEN_CUR / INR_OPEN_MAX: what init gives every task. */
    public static final int INR_OPEN_CUR = 1024;
}
