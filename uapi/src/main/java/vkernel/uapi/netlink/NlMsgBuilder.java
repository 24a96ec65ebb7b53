package vkernel.uapi.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes one netlink message the way iproute2's addattr_l does: the header, a fixed
 * family header (struct rtmsg...), then attributes, each starting at
 * NLMSG_ALIGN(nlmsg_len) and adding RTA_ALIGN(rta_len) to nlmsg_len.
 *
 * <pre>
 * byte[] m = new NlMsgBuilder(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK, seq, 0)
 *         .fixed(rtmsg.encode()).attr(RtAttr.u32(RTA_OIF, 1)).build();
 * </pre>
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

    public NlMsgBuilder attrU32(int attrType, int value) {
        return attr(RtAttr.u32(attrType, value));
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

    /** NLMSG_DONE ending a dump: its payload is one int, 0 or a negative errno. */
    public static byte[] done(int flags, int seq, int pid, int status) {
        return new NlMsgBuilder(vkernel.uapi.Netlink.NLMSG_DONE, flags, seq, pid)
                .fixed(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(status).array()).build();
    }

    /** NLMSG_ERROR carrying a struct nlmsgerr (an ack when its error is 0). */
    public static byte[] error(int flags, int seq, int pid, NlMsgErr err) {
        return new NlMsgBuilder(vkernel.uapi.Netlink.NLMSG_ERROR, flags, seq, pid).fixed(err.encode()).build();
    }

    /** Several messages as one datagram, each padded to NLMSG_ALIGNTO as the kernel puts them. */
    public static byte[] datagram(byte[]... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] m : messages) {
            out.writeBytes(m);
            out.writeBytes(new byte[NlMsg.align(m.length) - m.length]);
        }
        return out.toByteArray();
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
