package vkernel.uapi.netlink;

/**
 * struct ifinfomsg (include/uapi/linux/rtnetlink.h): ifi_family u8, a pad byte, ifi_type
 * u16, ifi_index s32, ifi_flags u32, ifi_change u32, in host order: 16 bytes.
 */
public record IfInfoMsg(int family, int pad, int type, int index, int flags, int change) {
    /** sizeof(struct ifinfomsg). */
    public static final int SIZE = 16;

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) family;
        b[1] = (byte) pad;
        Le.put16(b, 2, type);
        Le.put32(b, 4, index);
        Le.put32(b, 8, flags);
        Le.put32(b, 12, change);
        return b;
    }

    /** Reads the 16 bytes at {@code offset}; refuses fewer. */
    public static IfInfoMsg decode(byte[] buf, int offset) {
        if (offset < 0 || buf.length - offset < SIZE) {
            throw new NetlinkFormatException("truncated ifinfomsg: " + Math.max(0, buf.length - offset)
                    + " bytes, need " + SIZE);
        }
        return new IfInfoMsg(Le.u8(buf, offset), Le.u8(buf, offset + 1), Le.u16(buf, offset + 2),
                Le.s32(buf, offset + 4), Le.s32(buf, offset + 8), Le.s32(buf, offset + 12));
    }
}
