package vkernel.socket.core;

/**
 * The user's buffer length as lib/iov_iter.c:import_ubuf takes it for __sys_recvfrom
 * and sock_read_iter: a size_t (the contract's uint64, in a long's bits), so 2^31..2^64-1
 * are only large, never negative nor an error; anything above MAX_RW_COUNT
 * (include/linux/fs.h: INT_MAX &amp; PAGE_MASK) is cut to it. The family gets only this.
 */
public final class IovIter {
    public static final int MAX_RW_COUNT = vkernel.uapi.Fs.MAX_RW_COUNT;

    private IovIter() {}

    /** import_ubuf's count: min(len, MAX_RW_COUNT), len unsigned. */
    public static int importUbuf(long sizeT) {
        return Long.compareUnsigned(sizeT, MAX_RW_COUNT) > 0 ? MAX_RW_COUNT : (int) sizeT;
    }
}
