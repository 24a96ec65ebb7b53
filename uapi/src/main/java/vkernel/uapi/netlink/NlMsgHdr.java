package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct nlmsghdr (include/uapi/linux/netlink.h): nlmsg_len u32, nlmsg_type u16,
 * nlmsg_flags u16, nlmsg_seq u32, nlmsg_pid u32, all in host order (little-endian).
 * The u32 fields are kept in an int with their bits unchanged; read them with
 * {@link Integer#toUnsignedLong} where the sign matters.
 */
public record NlMsgHdr(int len, int type, int flags, int seq, int pid) {
    /** sizeof(struct nlmsghdr), NLMSG_HDRLEN. */
    public static final int SIZE = 16;

    public NlMsgHdr {
        if ((type & ~0xffff) != 0 || (flags & ~0xffff) != 0) {
            throw new IllegalArgumentException("nlmsg_type and nlmsg_flags are 16-bit: " + type + ", " + flags);
        }
    }

    /** nlmsg_len as the unsigned number it is. */
    public long length() {
        return Integer.toUnsignedLong(len);
    }

    public NlMsgHdr withLen(int newLen) {
        return new NlMsgHdr(newLen, type, flags, seq, pid);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        writeTo(b);
        return b.array();
    }

    /** Writes the 16 bytes at the buffer's position; the buffer must be little-endian. */
    public void writeTo(ByteBuffer b) {
        b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
    }

    /** Reads the header at {@code offset}; refuses fewer than 16 bytes there. */
    public static NlMsgHdr decode(byte[] buf, int offset) {
        if (offset < 0 || buf.length - offset < SIZE) {
            throw new NetlinkFormatException("truncated nlmsghdr: " + Math.max(0, buf.length - offset)
                    + " bytes, need " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        return new NlMsgHdr(b.getInt(offset), b.getShort(offset + 4) & 0xffff, b.getShort(offset + 6) & 0xffff,
                b.getInt(offset + 8), b.getInt(offset + 12));
    }
}
