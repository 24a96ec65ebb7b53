package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import vkernel.uapi.Netlink;

/**
 * struct rtattr (include/uapi/linux/rtnetlink.h) and struct nlattr
 * (include/uapi/linux/netlink.h), which have the same layout: rta_len u16 (header
 * included, padding excluded), rta_type u16, the payload, then zero padding to
 * RTA_ALIGNTO = NLA_ALIGNTO (4). {@link #type()} is the type as on the wire, flag bits
 * included; {@link #nlaType()} is nla_type(), without NLA_F_NESTED and NLA_F_NET_BYTEORDER.
 */
public record RtAttr(int type, byte[] payload) {
    /** sizeof(struct rtattr): NLA_HDRLEN. */
    public static final int HDRLEN = Netlink.NLA_HDRLEN;
    public static final int ALIGNTO = Netlink.NLA_ALIGNTO;
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

    /** RTA_ALIGN, NLA_ALIGN. */
    public static int align(int len) {
        return Netlink.nlaAlign(len);
    }

    /** An attribute holding a u32 in host order (RTA_OIF, RTA_TABLE...). */
    public static RtAttr u32(int type, int value) {
        return new RtAttr(type, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** An attribute holding an IPv4 address in network order (RTA_DST, RTA_GATEWAY). */
    public static RtAttr inAddr(int type, int hostOrderAddr) {
        return new RtAttr(type, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(hostOrderAddr).array());
    }

    /** nla_put_string: the text and its NUL (NLMSGERR_ATTR_MSG, IFA_LABEL ...). */
    public static RtAttr string(int type, String s) {
        byte[] text = s.getBytes(StandardCharsets.UTF_8);
        return new RtAttr(type, Arrays.copyOf(text, text.length + 1));
    }

    /** nla_nest_start .. nla_nest_end: these attributes, each padded, inside one with NLA_F_NESTED set. */
    public static RtAttr nested(int type, List<RtAttr> attrs) {
        return nestedNoflag(type | Netlink.NLA_F_NESTED, attrs);
    }

    /**
     * nla_nest_start_noflag (iproute2's addattr_nest): the same without NLA_F_NESTED, as
     * older attributes such as RTA_METRICS are written.
     */
    public static RtAttr nestedNoflag(int type, List<RtAttr> attrs) {
        int len = 0;
        for (RtAttr a : attrs) {
            len += a.totalSize();
        }
        byte[] body = new byte[len];
        int off = 0;
        for (RtAttr a : attrs) {
            off += a.writeTo(body, off);
        }
        return new RtAttr(type, body);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** nla_type: the type without NLA_F_NESTED and NLA_F_NET_BYTEORDER. */
    public int nlaType() {
        return type & Netlink.NLA_TYPE_MASK;
    }

    /** Whether NLA_F_NESTED is set. */
    public boolean isNested() {
        return (type & Netlink.NLA_F_NESTED) != 0;
    }

    /**
     * The attributes inside this one (nla_parse_nested), every one checked; the flag
     * NLA_F_NESTED is not required, as nla_parse_nested_deprecated does not.
     */
    public List<RtAttr> nestedAttributes() {
        return NlMsgParser.attributes(payload, 0, payload.length);
    }

    /** rta_len: RTA_LENGTH(payload). */
    public int length() {
        return HDRLEN + payload.length;
    }

    /** nla_total_size: header, payload and padding. */
    public int totalSize() {
        return align(length());
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

    /** An NLA_STRING as nla_strscpy copies it: up to its first NUL (ASCII). */
    public String string() {
        int end = 0;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        return new String(payload, 0, end, StandardCharsets.US_ASCII);
    }

    /** An NLA_STRING's length as its policy measures it: the payload, a final NUL not counted. */
    public int stringLength() {
        int n = payload.length;
        return n > 0 && payload[n - 1] == 0 ? n - 1 : n;
    }

    /** nla_find: the first attribute of this type (nla_type, flags aside), or null. */
    public static RtAttr find(List<RtAttr> attrs, int type) {
        for (RtAttr a : attrs) {
            if (a.nlaType() == type) {
                return a;
            }
        }
        return null;
    }

    /** Writes header, payload and padding at the buffer's position (little-endian buffer). */
    public void writeTo(ByteBuffer b) {
        b.putShort((short) length()).putShort((short) type).put(payload);
        for (int i = length(); i < align(length()); i++) {
            b.put((byte) 0);
        }
    }

    /** Writes header, payload and padding at {@code off}; returns the bytes written, {@link #totalSize()}. */
    public int writeTo(byte[] buf, int off) {
        Le.put16(buf, off, length());
        Le.put16(buf, off + 2, type);
        System.arraycopy(payload, 0, buf, off + HDRLEN, payload.length);
        Arrays.fill(buf, off + length(), off + totalSize(), (byte) 0);
        return totalSize();
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
