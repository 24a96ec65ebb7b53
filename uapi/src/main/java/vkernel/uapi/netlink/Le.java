package vkernel.uapi.netlink;

/**
 * Host-order (little-endian, as on x86-64 and arm64) reads and writes of netlink and
 * sockaddr fields in a byte array. Callers check bounds first; these never allocate.
 */
public final class Le {
    private Le() {}

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** A u32 or s32 field, its bits kept in an int. */
    public static int s32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static void put16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    public static void put32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Four bytes holding v in host order. */
    public static byte[] u32(int v) {
        byte[] b = new byte[4];
        put32(b, 0, v);
        return b;
    }
}
