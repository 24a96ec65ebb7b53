package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * struct rtattr (include/uapi/linux/rtnetlink.h; struct nlattr has the same layout):
 * rta_len u16 (header included, padding excluded), rta_type u16, the payload, then
 * zero padding to RTA_ALIGNTO (4).
 */
public record RtAttr(int type, byte[] payload) {
    /** sizeof(struct rtattr). */
    public static final int HDRLEN = 4;
    public static final int ALIGNTO = 4;
    /** Largest payload rta_len can describe. */
    public static final int MAX_PAYLOAD = 0xffff - HDRLEN;

    public RtAttr {
        if ((type & ~0xffff) != 0) {
            throw new IllegalArgumentException("rta_type is 16-bit: " + type);
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("rtattr payload too long: " + payload.length);
        }
        payload = payload.clone();
    }

    /** RTA_ALIGN. */
    public static int align(int len) {
        return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }

    /** An attribute holding a u32 in host order (RTA_OIF, RTA_TABLE...). */
    public static RtAttr u32(int type, int value) {
        return new RtAttr(type, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** An attribute holding an IPv4 address in network order (RTA_DST, RTA_GATEWAY). */
    public static RtAttr inAddr(int type, int hostOrderAddr) {
        return new RtAttr(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(hostOrderAddr).array());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** rta_len: RTA_LENGTH(payload). */
    public int length() {
        return HDRLEN + payload.length;
    }

    /** The payload read as a host-order u32; refuses a payload shorter than 4 bytes. */
    public int u32() {
        requirePayload(4);
        return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** The payload read as an IPv4 address in network order, returned in host order. */
    public int inAddr() {
        requirePayload(4);
        return ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    /** Writes header, payload and padding at the buffer's position (little-endian buffer). */
    public void writeTo(ByteBuffer b) {
        b.putShort((short) length()).putShort((short) type).put(payload);
        for (int i = length(); i < align(length()); i++) {
            b.put((byte) 0);
        }
    }

    private void requirePayload(int n) {
        if (payload.length < n) {
            throw new NetlinkFormatException("rtattr " + type + " payload is " + payload.length + " bytes, need " + n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtAttr a && a.type == type && Arrays.equals(a.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtAttr[type=" + type + ", len=" + length() + "]";
    }
}
