package vkernel.uapi.netlink;

/**
 * struct ifaddrmsg (include/uapi/linux/if_addr.h): ifa_family, ifa_prefixlen, ifa_flags,
 * ifa_scope (one byte each, kept 0..255), then ifa_index u32 in host order: 8 bytes.
 */
public record IfAddrMsg(int family, int prefixlen, int flags, int scope, int index) {
    /** sizeof(struct ifaddrmsg). */
    public static final int SIZE = 8;

    public IfAddrMsg {
        for (int v : new int[] {family, prefixlen, flags, scope}) {
            if ((v & ~0xff) != 0) {
                throw new IllegalArgumentException("struct ifaddrmsg byte field out of range: " + v);
            }
        }
    }

    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) family;
        b[1] = (byte) prefixlen;
        b[2] = (byte) flags;
        b[3] = (byte) scope;
        Le.put32(b, 4, index);
        return b;
    }

    /** Reads the 8 bytes at {@code offset}; refuses fewer. */
    public static IfAddrMsg decode(byte[] buf, int offset) {
        if (offset < 0 || buf.length - offset < SIZE) {
            throw new NetlinkFormatException("truncated ifaddrmsg: " + Math.max(0, buf.length - offset)
                    + " bytes, need " + SIZE);
        }
        return new IfAddrMsg(Le.u8(buf, offset), Le.u8(buf, offset + 1), Le.u8(buf, offset + 2),
                Le.u8(buf, offset + 3), Le.s32(buf, offset + 4));
    }
}
