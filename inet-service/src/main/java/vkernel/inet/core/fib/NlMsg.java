package vkernel.inet.core.fib;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The netlink bytes this family reads and writes (include/uapi/linux/netlink.h,
 * rtnetlink.h): nlmsghdr, rtmsg and rtattrs, host order (little-endian), 4-byte aligned.
 * Parsing never reads past the message; a malformed one is refused with null or an
 * empty list, and the caller answers with the errno the kernel gives.
 */
public final class NlMsg {
    static final int NLMSG_HDRLEN = 16;
    static final int RTMSG_SIZE = 12;
    static final int NLA_HDRLEN = 4;

    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ECHO = 0x08;

    private NlMsg() {}

    /** struct nlmsghdr. */
    public record Header(int len, int type, int flags, int seq, int pid) {}

    /** struct rtmsg. */
    record RtMsg(int family, int dstLen, int srcLen, int tos, int table, int protocol, int scope, int type, int flags) {}

    /** One struct rtattr: its type and payload. */
    record Attr(int type, byte[] payload) {
        int u32() {
            return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        }

        /** An address in network order, returned host order. */
        int inAddr() {
            return ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN).getInt(0);
        }
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    /** The header, or null when the bytes are shorter than one. */
    public static Header header(byte[] msg) {
        if (msg.length < NLMSG_HDRLEN) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
        return new Header(b.getInt(0), b.getShort(4) & 0xffff, b.getShort(6) & 0xffff, b.getInt(8), b.getInt(12));
    }

    /** nlmsg_len as the message says, bounded by the bytes there are. */
    static int length(byte[] msg, Header h) {
        long len = Integer.toUnsignedLong(h.len());
        return (int) Math.min(len, msg.length);
    }

    /** The rtmsg after the header, or null when nlmsg_len leaves no room for it. */
    static RtMsg rtmsg(byte[] msg) {
        Header h = header(msg);
        if (h == null || length(msg, h) < NLMSG_HDRLEN + RTMSG_SIZE) {
            return null;
        }
        int o = NLMSG_HDRLEN;
        int flags = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN).getInt(o + 8);
        return new RtMsg(msg[o] & 0xff, msg[o + 1] & 0xff, msg[o + 2] & 0xff, msg[o + 3] & 0xff, msg[o + 4] & 0xff,
                msg[o + 5] & 0xff, msg[o + 6] & 0xff, msg[o + 7] & 0xff, flags);
    }

    /** nlmsg_for_each_attr after a fixed header of hdrlen: stops at the first malformed attribute. */
    static List<Attr> attrs(byte[] msg, int hdrlen) {
        List<Attr> out = new ArrayList<>();
        Header h = header(msg);
        if (h == null) {
            return out;
        }
        int end = length(msg, h);
        int off = NLMSG_HDRLEN + align(hdrlen);
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.LITTLE_ENDIAN);
        while (end - off >= NLA_HDRLEN) {
            int len = b.getShort(off) & 0xffff;
            int type = b.getShort(off + 2) & 0x3fff; // nla_type: without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (len < NLA_HDRLEN || len > end - off) {
                break;
            }
            byte[] payload = new byte[len - NLA_HDRLEN];
            System.arraycopy(msg, off + NLA_HDRLEN, payload, 0, payload.length);
            out.add(new Attr(type, payload));
            off += align(len);
        }
        return out;
    }

    /** Builds one message: header, a fixed part, then attributes, lengths and padding filled in. */
    static final class Builder {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final int type;
        private final int flags;
        private final int seq;
        private final int pid;

        Builder(int type, int flags, int seq, int pid) {
            this.type = type;
            this.flags = flags;
            this.seq = seq;
            this.pid = pid;
        }

        Builder rtmsg(RtMsg r) {
            ByteBuffer b = ByteBuffer.allocate(RTMSG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) r.family()).put((byte) r.dstLen()).put((byte) r.srcLen()).put((byte) r.tos())
                    .put((byte) r.table()).put((byte) r.protocol()).put((byte) r.scope()).put((byte) r.type())
                    .putInt(r.flags());
            body.writeBytes(b.array());
            return this;
        }

        Builder u32(int attrType, int value) {
            return attr(attrType, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        }

        Builder inAddr(int attrType, int hostOrderAddr) {
            return attr(attrType, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(hostOrderAddr).array());
        }

        Builder attr(int attrType, byte[] payload) {
            int len = NLA_HDRLEN + payload.length;
            ByteBuffer b = ByteBuffer.allocate(align(len)).order(ByteOrder.LITTLE_ENDIAN);
            b.putShort((short) len).putShort((short) attrType).put(payload);
            body.writeBytes(b.array());
            return this;
        }

        /** Raw bytes after the header (an NLMSG_ERROR body). */
        Builder attrRaw(byte[] bytes) {
            body.writeBytes(bytes);
            return this;
        }

        byte[] build() {
            byte[] payload = body.toByteArray();
            ByteBuffer b = ByteBuffer.allocate(NLMSG_HDRLEN + payload.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(NLMSG_HDRLEN + payload.length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid)
                    .put(payload);
            return b.array();
        }
    }
}
