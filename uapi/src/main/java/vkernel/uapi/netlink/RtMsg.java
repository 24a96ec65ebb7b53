package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct rtmsg (include/uapi/linux/rtnetlink.h): rtm_family, rtm_dst_len, rtm_src_len,
 * rtm_tos, rtm_table, rtm_protocol, rtm_scope, rtm_type (one byte each, kept 0..255),
 * then rtm_flags u32 in host order: 12 bytes.
 */
public record RtMsg(int family, int dstLen, int srcLen, int tos, int table, int protocol, int scope, int type,
        int flags) {
    /** sizeof(struct rtmsg). */
    public static final int SIZE = 12;

    public RtMsg {
        for (int v : new int[] {family, dstLen, srcLen, tos, table, protocol, scope, type}) {
            if ((v & ~0xff) != 0) {
                throw new IllegalArgumentException("struct rtmsg byte field out of range: " + v);
            }
        }
    }

    /** An all-zero rtmsg of this family, as a dump request carries. */
    public static RtMsg ofFamily(int family) {
        return new RtMsg(family, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) family).put((byte) dstLen).put((byte) srcLen).put((byte) tos)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type)
                .putInt(flags);
        return b.array();
    }

    /**
     * nlmsg_data(nlh) as a struct rtmsg, for the message at the start of {@code msg}: null
     * when there is no header, or nlmsg_len (bounded by the bytes there are) leaves no
     * room for the 12 bytes.
     */
    public static RtMsg peek(byte[] msg) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null || Math.min(h.length(), msg.length) < NlMsgHdr.SIZE + SIZE) {
            return null;
        }
        return decode(msg, NlMsgHdr.SIZE);
    }

    /** Reads the 12 bytes at {@code offset}; refuses fewer. */
    public static RtMsg decode(byte[] buf, int offset) {
        if (offset < 0 || buf.length - offset < SIZE) {
            throw new NetlinkFormatException("truncated rtmsg: " + Math.max(0, buf.length - offset)
                    + " bytes, need " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        return new RtMsg(buf[offset] & 0xff, buf[offset + 1] & 0xff, buf[offset + 2] & 0xff, buf[offset + 3] & 0xff,
                buf[offset + 4] & 0xff, buf[offset + 5] & 0xff, buf[offset + 6] & 0xff, buf[offset + 7] & 0xff,
                b.getInt(offset + 8));
    }
}
