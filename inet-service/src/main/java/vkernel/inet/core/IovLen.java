package vkernel.inet.core;

/**
 * The length of the buffer a recvmsg fills, checked once at the edge: the count of the
 * iov_iter that net/socket.c:__sys_recvfrom builds with lib/iov_iter.c:import_ubuf from
 * the user's size_t len. A size_t is unsigned, so 2^31..2^64-1 are only large, never
 * negative, and a large one is no error: import_ubuf cuts it to MAX_RW_COUNT
 * (include/linux/fs.h: INT_MAX &amp; PAGE_MASK) and the call goes on as with that. A core
 * takes only this type, so it never sees a negative or overflowing length.
 *
 * @param count 0..MAX_RW_COUNT
 */
public record IovLen(int count) {
    public static final int MAX_RW_COUNT = vkernel.uapi.Fs.MAX_RW_COUNT;

    public IovLen {
        if (count < 0 || count > MAX_RW_COUNT) {
            throw new IllegalArgumentException("not an iov_iter count: " + count);
        }
    }

    /** import_ubuf: a size_t as the contract carries it (uint64 bits in a long), cut to MAX_RW_COUNT. */
    public static IovLen of(long sizeT) {
        return new IovLen(Long.compareUnsigned(sizeT, MAX_RW_COUNT) > 0 ? MAX_RW_COUNT : (int) sizeT);
    }
}
