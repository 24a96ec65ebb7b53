package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import vkernel.uapi.Netlink;

/**
 * One checked netlink message: its header and the {@code nlmsg_len - 16} payload bytes
 * that follow it (NLMSG_DATA .. nlmsg_len, alignment padding excluded). Instances come
 * from {@link NlMsgParser}, whose checks guarantee that the payload is all there.
 */
public record NlMsg(NlMsgHdr header, byte[] payload) {
    public NlMsg {
        if (header.length() != NlMsgHdr.SIZE + (long) payload.length) {
            throw new IllegalArgumentException("nlmsg_len " + header.length() + " does not match a payload of "
                    + payload.length + " bytes");
        }
        payload = payload.clone();
    }

    /** NLMSG_ALIGN. */
    public static int align(int len) {
        return Netlink.nlmsgAlign(len);
    }

    /** NLMSG_LENGTH: a header plus {@code payloadLen} bytes. */
    public static int length(int payloadLen) {
        return NlMsgHdr.SIZE + payloadLen;
    }

    public int type() {
        return header.type();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The struct rtmsg at the start of the payload (RTM_NEWROUTE and friends). */
    public RtMsg rtmsg() {
        return RtMsg.decode(payload, 0);
    }

    /**
     * The attributes after a fixed family header of {@code fixedLen} bytes (12 for
     * rtmsg), every one checked: nlmsg_attrdata .. nlmsg_len.
     */
    public List<RtAttr> attributes(int fixedLen) {
        int start = align(fixedLen);
        if (start > payload.length) {
            throw new NetlinkFormatException("message of " + header.length() + " bytes has no room for a "
                    + fixedLen + "-byte family header");
        }
        return NlMsgParser.attributes(payload, start, payload.length - start);
    }

    /** The int that starts the payload: nlmsgerr.error of NLMSG_ERROR, the status of NLMSG_DONE. */
    public int errorField() {
        if (payload.length < 4) {
            throw new NetlinkFormatException("message type " + type() + " carries " + payload.length
                    + " bytes, need an int");
        }
        return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** The struct nlmsgerr of an NLMSG_ERROR message. */
    public NlMsgErr nlmsgerr() {
        return NlMsgErr.decode(payload);
    }

    /** The message as sent: header, payload, zero padding to NLMSG_ALIGNTO. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(align(NlMsgHdr.SIZE + payload.length)).order(ByteOrder.LITTLE_ENDIAN);
        header.writeTo(b);
        b.put(payload);
        return b.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NlMsg m && m.header.equals(header) && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * header.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "NlMsg[" + header + ", payload=" + payload.length + " bytes]";
    }
}
