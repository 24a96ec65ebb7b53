package vkernel.netlink.codec;

/**
 * struct nlmsghdr (include/uapi/linux/netlink.h): nlmsg_len u32, nlmsg_type u16,
 * nlmsg_flags u16, nlmsg_seq u32, nlmsg_pid u32, in host order. The u32 fields keep
 * their bits in an int; {@link #length()} reads nlmsg_len unsigned.
 */
public record Nlmsghdr(int len, int type, int flags, int seq, int pid) {
    /** NLMSG_HDRLEN: sizeof(struct nlmsghdr), already aligned. */
    public static final int SIZE = 16;

    /** nlmsg_len as the unsigned number the kernel compares. */
    public long length() {
        return Integer.toUnsignedLong(len);
    }

    /** nlmsg_len(nlh): the payload length the header claims. */
    public long payloadLength() {
        return length() - SIZE;
    }

    /** nlmsg_hdr: the header at off, or null when fewer than 16 bytes are there. */
    public static Nlmsghdr peek(byte[] buf, int off) {
        if (off < 0 || buf.length - off < SIZE) {
            return null;
        }
        return new Nlmsghdr(Le.s32(buf, off), Le.u16(buf, off + 4), Le.u16(buf, off + 6), Le.s32(buf, off + 8),
                Le.s32(buf, off + 12));
    }

    public void writeTo(byte[] buf, int off) {
        Le.put32(buf, off, len);
        Le.put16(buf, off + 4, type);
        Le.put16(buf, off + 6, flags);
        Le.put32(buf, off + 8, seq);
        Le.put32(buf, off + 12, pid);
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        writeTo(b, 0);
        return b;
    }
}
