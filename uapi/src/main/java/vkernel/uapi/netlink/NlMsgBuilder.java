package vkernel.uapi.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import vkernel.uapi.Netlink;

/**
 * Writes one netlink message the way iproute2's addattr_l and the kernel's nla_put do:
 * the header, a fixed family header (struct rtmsg, ifaddrmsg ...), then attributes,
 * each starting at NLMSG_ALIGN(nlmsg_len) and adding RTA_ALIGN(rta_len) to nlmsg_len.
 *
 * <pre>
 * byte[] m = new NlMsgBuilder(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK, seq, 0)
 *         .rtmsg(rtm).attrU32(RTA_OIF, 1).build();
 * </pre>
 *
 * The static methods write what the kernel side sends whole (include/net/netlink.h,
 * net/netlink/af_netlink.c): {@link #put} (nlmsg_put + nlmsg_end), {@link #done}
 * (NLMSG_DONE of netlink_dump_done), {@link #ack} (netlink_ack, extended ack TLVs
 * included), and {@link #datagram} (several messages in one skb, each aligned).
 */
public final class NlMsgBuilder {
    private final int type;
    private final int flags;
    private final int seq;
    private final int pid;
    private byte[] body = new byte[0];
    /** nlmsg_len so far, the header included. */
    private int len = NlMsgHdr.SIZE;

    public NlMsgBuilder(int type, int flags, int seq, int pid) {
        new NlMsgHdr(0, type, flags, seq, pid); // checks the 16-bit fields now
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.pid = pid;
    }

    /** Appends a fixed header (struct rtmsg, an int...) at the aligned end of the message. */
    public NlMsgBuilder fixed(byte[] bytes) {
        return append(bytes, bytes.length);
    }

    public NlMsgBuilder rtmsg(RtMsg rtm) {
        return fixed(rtm.encode());
    }

    /** addattr_l: the attribute at NLMSG_ALIGN(nlmsg_len); nlmsg_len grows by RTA_ALIGN(rta_len). */
    public NlMsgBuilder attr(RtAttr a) {
        ByteBuffer b = ByteBuffer.allocate(RtAttr.align(a.length())).order(ByteOrder.LITTLE_ENDIAN);
        a.writeTo(b);
        return append(b.array(), b.capacity());
    }

    public NlMsgBuilder attr(int attrType, byte[] payload) {
        return attr(new RtAttr(attrType, payload));
    }

    public NlMsgBuilder ifaddrmsg(IfAddrMsg ifa) {
        return fixed(ifa.encode());
    }

    public NlMsgBuilder attrU32(int attrType, int value) {
        return attr(RtAttr.u32(attrType, value));
    }

    /** An IPv4 address attribute (RTA_DST, IFA_LOCAL ...): the host-order address in network order. */
    public NlMsgBuilder attrInAddr(int attrType, int hostOrderAddr) {
        return attr(RtAttr.inAddr(attrType, hostOrderAddr));
    }

    /** nlmsg_len so far. */
    public int length() {
        return len;
    }

    /** Exactly nlmsg_len bytes. */
    public byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        new NlMsgHdr(len, type, flags, seq, pid).writeTo(b);
        b.put(body, 0, len - NlMsgHdr.SIZE);
        return b.array();
    }

    /** nlmsg_put + nlmsg_end: one message with this payload, padded to NLMSG_ALIGNTO as it sits in an skb. */
    public static byte[] put(int type, int flags, int seq, int pid, byte[] payload) {
        int len = NlMsgHdr.SIZE + payload.length;
        byte[] b = new byte[NlMsg.align(len)];
        new NlMsgHdr(len, type, flags, seq, pid).writeTo(b, 0);
        System.arraycopy(payload, 0, b, NlMsgHdr.SIZE, payload.length);
        return b;
    }

    /**
     * netlink_ack's message: NLMSG_ERROR from the kernel to {@code portid} carrying struct
     * nlmsgerr (error, the request's header) and, unless capped, the request's payload
     * padded to NLMSG_ALIGNTO; then the extended ack TLVs (NLMSGERR_ATTR_*). A success
     * is always capped. {@code request} holds at least the header and nlmsg_len - 16
     * payload bytes.
     */
    public static byte[] ack(byte[] request, int portid, int error, boolean capAck, List<RtAttr> tlvs) {
        NlMsgHdr req = NlMsgHdr.decode(request, 0);
        boolean capped = error == 0 || capAck;
        int echoed = capped ? 0 : (int) req.payloadLength();
        int flags = capped ? Netlink.NLM_F_CAPPED : 0;
        if (!tlvs.isEmpty()) {
            flags |= Netlink.NLM_F_ACK_TLVS;
        }
        int len = NlMsgHdr.SIZE + NlMsgErr.SIZE + NlMsg.align(echoed);
        for (RtAttr a : tlvs) {
            len += a.totalSize();
        }
        byte[] b = new byte[len];
        new NlMsgHdr(len, Netlink.NLMSG_ERROR, flags, req.seq(), portid).writeTo(b, 0);
        Le.put32(b, NlMsgHdr.SIZE, error);
        req.writeTo(b, NlMsgHdr.SIZE + 4);
        System.arraycopy(request, NlMsgHdr.SIZE, b, NlMsgHdr.SIZE + NlMsgErr.SIZE, echoed);
        int off = NlMsgHdr.SIZE + NlMsgErr.SIZE + NlMsg.align(echoed);
        for (RtAttr a : tlvs) {
            off += a.writeTo(b, off);
        }
        return b;
    }

    /**
     * NLMSG_DONE ending a dump: its payload is one int, 0 or a negative errno, then the
     * extended-ack TLVs, if any (the caller sets NLM_F_ACK_TLVS in flags for them).
     */
    public static byte[] done(int flags, int seq, int pid, int status, RtAttr... tlvs) {
        NlMsgBuilder b = new NlMsgBuilder(Netlink.NLMSG_DONE, flags, seq, pid)
                .fixed(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(status).array());
        for (RtAttr a : tlvs) {
            b.attr(a);
        }
        return b.build();
    }

    /** NLMSG_ERROR carrying a struct nlmsgerr (an ack when its error is 0). */
    public static byte[] error(int flags, int seq, int pid, NlMsgErr err) {
        return new NlMsgBuilder(Netlink.NLMSG_ERROR, flags, seq, pid).fixed(err.encode()).build();
    }

    /** Several messages as one datagram, each padded to NLMSG_ALIGNTO as the kernel puts them. */
    public static byte[] datagram(byte[]... messages) {
        return datagram(List.of(messages));
    }

    /** Several messages as one datagram, each padded to NLMSG_ALIGNTO as the kernel puts them. */
    public static byte[] datagram(List<byte[]> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
            out.writeBytes(new byte[NlMsg.align(m.length) - m.length]);
        }
        return out.toByteArray();
    }

    /** A message padded to NLMSG_ALIGNTO, as it sits in an skb (the same array when already aligned). */
    public static byte[] padded(byte[] message) {
        return message.length == NlMsg.align(message.length) ? message
                : Arrays.copyOf(message, NlMsg.align(message.length));
    }

    private NlMsgBuilder append(byte[] bytes, int added) {
        int start = NlMsg.align(len);
        long newLen = (long) start + added;
        if (newLen > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("netlink message too long");
        }
        byte[] grown = new byte[(int) newLen - NlMsgHdr.SIZE];
        System.arraycopy(body, 0, grown, 0, Math.min(body.length, grown.length));
        System.arraycopy(bytes, 0, grown, start - NlMsgHdr.SIZE, bytes.length);
        body = grown;
        len = (int) newLen;
        return this;
    }
}
