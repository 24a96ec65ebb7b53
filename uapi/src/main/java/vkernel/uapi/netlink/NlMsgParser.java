package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks a datagram of netlink messages, and a message's attributes.
 *
 * <p>{@link #parse} and {@link #attributes} check everything and throw
 * {@link NetlinkFormatException} rather than read past the buffer: a header or an
 * attribute header cut short, a length below its own header, a length running past
 * the end. Padding after the last item may be short (the kernel pulls
 * min(NLMSG_ALIGN(len), remaining)). {@link #walk} and {@link #walkAttributes} instead
 * stop silently at the first item that does not fit, as NLMSG_OK / RTA_OK loops do in
 * C programs (iproute2, the conformance oracle).
 */
public final class NlMsgParser {
    private NlMsgParser() {}

    /** Every message of the datagram; rejects malformed input. */
    public static List<NlMsg> parse(byte[] datagram) {
        return parse(datagram, datagram.length);
    }

    /** Every message in the first {@code len} bytes; rejects malformed input. */
    public static List<NlMsg> parse(byte[] buf, int len) {
        checkRange(buf, 0, len);
        List<NlMsg> out = new ArrayList<>();
        int off = 0;
        while (off < len) {
            int remaining = len - off;
            if (remaining < NlMsgHdr.SIZE) {
                throw new NetlinkFormatException("truncated nlmsghdr at offset " + off + ": " + remaining + " bytes");
            }
            NlMsgHdr h = NlMsgHdr.decode(buf, off);
            long msgLen = h.length();
            if (msgLen < NlMsgHdr.SIZE) {
                throw new NetlinkFormatException("nlmsg_len " + msgLen + " at offset " + off + " is below the header");
            }
            if (msgLen > remaining) {
                throw new NetlinkFormatException("nlmsg_len " + msgLen + " at offset " + off + " runs past the "
                        + remaining + " bytes left");
            }
            out.add(message(buf, off, h));
            off += Math.min(NlMsg.align((int) msgLen), remaining);
        }
        return out;
    }

    /** The messages NLMSG_OK accepts, in order, up to the first one that does not fit. */
    public static List<NlMsg> walk(byte[] buf, int len) {
        checkRange(buf, 0, len);
        List<NlMsg> out = new ArrayList<>();
        int off = 0;
        while (len - off >= NlMsgHdr.SIZE) {
            NlMsgHdr h = NlMsgHdr.decode(buf, off);
            long msgLen = h.length();
            if (msgLen < NlMsgHdr.SIZE || msgLen > len - off) {
                break;
            }
            out.add(message(buf, off, h));
            off += NlMsg.align((int) msgLen); // NLMSG_NEXT; the loop test catches an overrun
        }
        return out;
    }

    /** The attributes in {@code buf[off, off+len)}; rejects malformed input. */
    public static List<RtAttr> attributes(byte[] buf, int off, int len) {
        checkRange(buf, off, len);
        List<RtAttr> out = new ArrayList<>();
        int end = off + len;
        while (off < end) {
            int remaining = end - off;
            if (remaining < RtAttr.HDRLEN) {
                throw new NetlinkFormatException("truncated rtattr header at offset " + off + ": " + remaining
                        + " bytes");
            }
            int rtaLen = u16(buf, off);
            if (rtaLen < RtAttr.HDRLEN) {
                throw new NetlinkFormatException("rta_len " + rtaLen + " at offset " + off + " is below the header");
            }
            if (rtaLen > remaining) {
                throw new NetlinkFormatException("rta_len " + rtaLen + " at offset " + off + " runs past the "
                        + remaining + " bytes left");
            }
            out.add(new RtAttr(u16(buf, off + 2), Arrays.copyOfRange(buf, off + RtAttr.HDRLEN, off + rtaLen)));
            off += Math.min(RtAttr.align(rtaLen), remaining);
        }
        return out;
    }

    /** The attributes RTA_OK accepts, up to the first one that does not fit. */
    public static List<RtAttr> walkAttributes(byte[] buf, int off, int len) {
        checkRange(buf, off, len);
        List<RtAttr> out = new ArrayList<>();
        int end = off + len;
        while (end - off >= RtAttr.HDRLEN) {
            int rtaLen = u16(buf, off);
            if (rtaLen < RtAttr.HDRLEN || rtaLen > end - off) {
                break;
            }
            out.add(new RtAttr(u16(buf, off + 2), Arrays.copyOfRange(buf, off + RtAttr.HDRLEN, off + rtaLen)));
            off += RtAttr.align(rtaLen);
        }
        return out;
    }

    /**
     * nlmsg_for_each_attr over the message at the start of {@code msg}: the attributes
     * after a fixed header of {@code hdrlen} bytes (NLMSG_ALIGNed), up to nlmsg_len
     * bounded by the bytes there are, stopping at the first that does not fit (nla_ok).
     * Empty when there is no whole header. Types are as on the wire; switch on
     * {@link RtAttr#nlaType()} to ignore NLA_F_NESTED and NLA_F_NET_BYTEORDER.
     */
    public static List<RtAttr> nlmsgAttrs(byte[] msg, int hdrlen) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null) {
            return new ArrayList<>();
        }
        int end = (int) Math.min(h.length(), msg.length);
        int off = NlMsgHdr.SIZE + NlMsg.align(hdrlen);
        if (off >= end) {
            return new ArrayList<>();
        }
        return walkAttributes(msg, off, end - off);
    }

    private static NlMsg message(byte[] buf, int off, NlMsgHdr h) {
        return new NlMsg(h, Arrays.copyOfRange(buf, off + NlMsgHdr.SIZE, off + (int) h.length()));
    }

    private static int u16(byte[] buf, int off) {
        return ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).getShort(off) & 0xffff;
    }

    private static void checkRange(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || len > buf.length - off) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + off + "+" + len + ") outside a buffer of "
                    + buf.length);
        }
    }
}
