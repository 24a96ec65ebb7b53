package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import vkernel.uapi.Netlink;

/**
 * struct nlmsghdr (include/uapi/linux/netlink.h): nlmsg_len u32, nlmsg_type u16,
 * nlmsg_flags u16, nlmsg_seq u32, nlmsg_pid u32, all in host order (little-endian).
 * The u32 fields are kept in an int with their bits unchanged; read them with
 * {@link Integer#toUnsignedLong} where the sign matters.
 */
public record NlMsgHdr(int len, int type, int flags, int seq, int pid) {
    /** sizeof(struct nlmsghdr): NLMSG_HDRLEN. */
    public static final int SIZE = Netlink.NLMSG_HDRLEN;

    public NlMsgHdr {
        if ((type & ~0xffff) != 0 || (flags & ~0xffff) != 0) {
            throw new IllegalArgumentException("nlmsg_type and nlmsg_flags are 16-bit: " + type + ", " + flags);
        }
    }

    /** nlmsg_len as the unsigned number it is (and the kernel compares). */
    public long length() {
        return Integer.toUnsignedLong(len);
    }

    /** nlmsg_len(nlh): the payload length the header claims, negative when nlmsg_len is below the header. */
    public long payloadLength() {
        return length() - SIZE;
    }

    public NlMsgHdr withLen(int newLen) {
        return new NlMsgHdr(newLen, type, flags, seq, pid);
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        writeTo(b, 0);
        return b;
    }

    /** Writes the 16 bytes at the buffer's position; the buffer must be little-endian. */
    public void writeTo(ByteBuffer b) {
        b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
    }

    /** Writes the 16 bytes at {@code off}. */
    public void writeTo(byte[] buf, int off) {
        Le.put32(buf, off, len);
        Le.put16(buf, off + 4, type);
        Le.put16(buf, off + 6, flags);
        Le.put32(buf, off + 8, seq);
        Le.put32(buf, off + 12, pid);
    }

    /** Reads the header at {@code offset}; refuses fewer than 16 bytes there. */
    public static NlMsgHdr decode(byte[] buf, int offset) {
        NlMsgHdr h = peek(buf, offset);
        if (h == null) {
            throw new NetlinkFormatException("truncated nlmsghdr: " + Math.max(0, buf.length - offset)
                    + " bytes, need " + SIZE);
        }
        return h;
    }

    /**
     * nlmsg_hdr: the header at {@code off}, or null when fewer than 16 bytes are there.
     * Nothing else is checked: nlmsg_len may be below the header or past the buffer.
     */
    public static NlMsgHdr peek(byte[] buf, int off) {
        if (off < 0 || buf.length - off < SIZE) {
            return null;
        }
        return new NlMsgHdr(Le.s32(buf, off), Le.u16(buf, off + 4), Le.u16(buf, off + 6), Le.s32(buf, off + 8),
                Le.s32(buf, off + 12));
    }
}
