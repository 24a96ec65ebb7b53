package vkernel.uapi.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * struct nlmsgerr (include/uapi/linux/netlink.h): {@code int error} (0 for an ack, else
 * a negative errno), then the header of the message it answers and, unless the ack
 * is capped (NLM_F_CAPPED, always for error 0), that message's payload too.
 */
public record NlMsgErr(int error, NlMsgHdr msg, byte[] msgPayload) {
    /** sizeof(struct nlmsgerr): the error and the original header. */
    public static final int SIZE = 4 + NlMsgHdr.SIZE;

    public NlMsgErr {
        msgPayload = msgPayload.clone();
    }

    /** The ack or error for {@code request}; its payload is echoed unless {@code capped}. */
    public static NlMsgErr answering(int error, NlMsg request, boolean capped) {
        return new NlMsgErr(error, request.header(), capped ? new byte[0] : request.payload());
    }

    @Override
    public byte[] msgPayload() {
        return msgPayload.clone();
    }

    /** The NLMSG_ERROR payload: error, original header, original payload if any. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE + msgPayload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(error);
        msg.writeTo(b);
        b.put(msgPayload);
        return b.array();
    }

    /**
     * Reads an NLMSG_ERROR payload. Bytes after the original header are its payload,
     * as far as the payload goes (an error can be longer than the request echoed).
     */
    public static NlMsgErr decode(byte[] payload) {
        if (payload.length < SIZE) {
            throw new NetlinkFormatException("truncated nlmsgerr: " + payload.length + " bytes, need " + SIZE);
        }
        int error = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        NlMsgHdr msg = NlMsgHdr.decode(payload, 4);
        return new NlMsgErr(error, msg, Arrays.copyOfRange(payload, SIZE, payload.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NlMsgErr e && e.error == error && e.msg.equals(msg)
                && Arrays.equals(e.msgPayload, msgPayload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * error + msg.hashCode()) + Arrays.hashCode(msgPayload);
    }

    @Override
    public String toString() {
        return "NlMsgErr[error=" + error + ", msg=" + msg + ", payload=" + msgPayload.length + " bytes]";
    }
}
