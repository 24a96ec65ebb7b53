package vkernel.uapi;

/** include/linux/fs.h. */
public final class Fs {
    private Fs() {}

    /** The most one read or write moves (INT_MAX &amp; PAGE_MASK, 4 KiB pages): 2147479552. */
    public static final int MAX_RW_COUNT = Integer.MAX_VALUE & ~4095;
}
