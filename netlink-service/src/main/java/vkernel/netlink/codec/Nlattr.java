package vkernel.netlink.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * struct nlattr (include/uapi/linux/netlink.h): nla_len u16 (header included, padding
 * not), nla_type u16, payload, zero padding to NLA_ALIGNTO. Used for the extended ack
 * TLVs netlink_ack appends (NLMSGERR_ATTR_*).
 */
public record Nlattr(int type, byte[] payload) {
    public static final int HDRLEN = 4;

    /** enum nlmsgerr_attrs. */
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_OFFS = 2;
    public static final int NLMSGERR_ATTR_COOKIE = 3;

    public Nlattr {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** nla_total_size: header, payload and padding. */
    public int totalSize() {
        return Nlmsg.align(HDRLEN + payload.length);
    }

    /** nla_put_string: the text and its NUL. */
    public static Nlattr string(int type, String s) {
        byte[] text = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new Nlattr(type, Arrays.copyOf(text, text.length + 1));
    }

    /** Writes header, payload and padding at off; returns the bytes written. */
    public int writeTo(byte[] buf, int off) {
        Le.put16(buf, off, HDRLEN + payload.length);
        Le.put16(buf, off + 2, type);
        System.arraycopy(payload, 0, buf, off + HDRLEN, payload.length);
        return totalSize();
    }

    /** nla_for_each_attr: the attributes nla_ok accepts in buf[off, off+len), stopping at the first that does not fit. */
    public static List<Nlattr> walk(byte[] buf, int off, int len) {
        List<Nlattr> out = new ArrayList<>();
        int end = off + len;
        while (end - off >= HDRLEN) {
            int nlaLen = Le.u16(buf, off);
            if (nlaLen < HDRLEN || nlaLen > end - off) {
                break;
            }
            out.add(new Nlattr(Le.u16(buf, off + 2), Arrays.copyOfRange(buf, off + HDRLEN, off + nlaLen)));
            off += Nlmsg.align(nlaLen);
        }
        return out;
    }
}
