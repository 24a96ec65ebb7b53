package vkernel.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** struct sockaddr_nl: nl_family, nl_pad, nl_pid, nl_groups (all host order). */
public record SockaddrNl(int portid, int groups) {
    public static final int SIZE = 12;

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) Socket.AF_NETLINK);
        b.putShort((short) 0);
        b.putInt(portid);
        b.putInt(groups);
        return b.array();
    }

    /** Reads nl_pid and nl_groups; the caller has checked the length and family. */
    public static SockaddrNl decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        return new SockaddrNl(b.getInt(4), b.getInt(8));
    }

    @Override
    public String toString() {
        return "nl:" + Integer.toUnsignedString(portid) + ":" + Integer.toUnsignedString(groups);
    }
}
