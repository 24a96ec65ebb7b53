package vkernel.netlink.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Netlink messages as the kernel writes them into an skb (include/net/netlink.h):
 * nlmsg_put reserves NLMSG_ALIGN(nlmsg_len), so every message of a datagram starts
 * aligned and the datagram's length counts the padding.
 */
public final class Nlmsg {
    public static final int NLMSG_ALIGNTO = 4;
    public static final int NLMSG_HDRLEN = Nlmsghdr.SIZE;
    public static final int NLMSG_NOOP = 0x1;
    public static final int NLMSG_ERROR = 0x2;
    public static final int NLMSG_DONE = 0x3;
    public static final int NLMSG_OVERRUN = 0x4;
    public static final int NLMSG_MIN_TYPE = 0x10;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    /** Modifiers of DELETE requests. */
    public static final int NLM_F_BULK = 0x200;
    /** Flags of NLMSG_ERROR. */
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;

    private Nlmsg() {}

    /** NLMSG_ALIGN. */
    public static int align(int len) {
        return (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }

    /** nlmsg_put + nlmsg_end: one message with this payload, padded to NLMSG_ALIGNTO. */
    public static byte[] put(int type, int flags, int seq, int pid, byte[] payload) {
        int len = NLMSG_HDRLEN + payload.length;
        byte[] b = new byte[align(len)];
        new Nlmsghdr(len, type, flags, seq, pid).writeTo(b, 0);
        System.arraycopy(payload, 0, b, NLMSG_HDRLEN, payload.length);
        return b;
    }

    /** NLMSG_DONE ending a dump: its payload is the int dump_done_errno (0 or -errno). */
    public static byte[] done(int flags, int seq, int pid, int status) {
        byte[] p = new byte[4];
        Le.put32(p, 0, status);
        return put(NLMSG_DONE, flags, seq, pid, p);
    }

    /**
     * netlink_ack's message: NLMSG_ERROR from the kernel to portid carrying struct nlmsgerr
     * (error, the request's header) and, unless capped, the request's payload; then the
     * extended ack TLVs. A success is always capped. request holds at least the header
     * and nlmsg_len - 16 payload bytes.
     */
    public static byte[] ack(byte[] request, int portid, int error, boolean capAck, List<Nlattr> tlvs) {
        Nlmsghdr req = Nlmsghdr.peek(request, 0);
        boolean capped = error == 0 || capAck;
        int echoed = capped ? 0 : (int) req.payloadLength();
        int flags = capped ? NLM_F_CAPPED : 0;
        if (!tlvs.isEmpty()) {
            flags |= NLM_F_ACK_TLVS;
        }
        int len = NLMSG_HDRLEN + 4 + NLMSG_HDRLEN + align(echoed);
        for (Nlattr a : tlvs) {
            len += a.totalSize();
        }
        byte[] b = new byte[len];
        new Nlmsghdr(len, NLMSG_ERROR, flags, req.seq(), portid).writeTo(b, 0);
        Le.put32(b, NLMSG_HDRLEN, error);
        req.writeTo(b, NLMSG_HDRLEN + 4);
        System.arraycopy(request, NLMSG_HDRLEN, b, 2 * NLMSG_HDRLEN + 4, echoed);
        int off = 2 * NLMSG_HDRLEN + 4 + align(echoed);
        for (Nlattr a : tlvs) {
            off += a.writeTo(b, off);
        }
        return b;
    }

    /** The bytes of one datagram holding these messages, each starting aligned. */
    public static byte[] datagram(List<byte[]> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
            out.writeBytes(new byte[align(m.length) - m.length]);
        }
        return out.toByteArray();
    }

    /** A message padded to NLMSG_ALIGNTO, as it sits in an skb. */
    public static byte[] padded(byte[] message) {
        return message.length == align(message.length) ? message : Arrays.copyOf(message, align(message.length));
    }
}
