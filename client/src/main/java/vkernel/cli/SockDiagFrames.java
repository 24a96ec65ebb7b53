package vkernel.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.sdk.ErrnoException;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockDiag;

/** The messages of one sock_diag dump datagram, walked as ss's rtnl_dump_filter walks them. */
final class SockDiagFrames {
    /** One SOCK_DIAG_BY_FAMILY message: its payload starts at {@code payload} and ends before {@code end}. */
    interface Answer {
        void accept(ByteBuffer b, int payload, int end);
    }

    private SockDiagFrames() {}

    /**
     * Hands each SOCK_DIAG_BY_FAMILY message with at least minPayload bytes to answer; true
     * once NLMSG_DONE ended the dump. A negative status in NLMSG_DONE or NLMSG_ERROR is thrown.
     */
    static boolean walk(byte[] d, int minPayload, Answer answer) {
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN);
        int off = 0;
        while (off + Netlink.NLMSG_HDRLEN <= d.length) {
            int len = b.getInt(off);
            int type = b.getShort(off + 4) & 0xffff;
            if (len < Netlink.NLMSG_HDRLEN || off + len > d.length) {
                throw new IllegalArgumentException("sock_diag: a malformed answer");
            }
            int p = off + Netlink.NLMSG_HDRLEN;
            if (type == Netlink.NLMSG_DONE || type == Netlink.NLMSG_ERROR) {
                int status = len >= Netlink.NLMSG_HDRLEN + 4 ? b.getInt(p) : 0;
                if (status < 0) {
                    throw new ErrnoException("sock_diag", -status);
                }
                if (type == Netlink.NLMSG_DONE) {
                    return true;
                }
            } else if (type == SockDiag.SOCK_DIAG_BY_FAMILY && len >= Netlink.NLMSG_HDRLEN + minPayload) {
                answer.accept(b, p, off + len);
            }
            off += (len + 3) & ~3;
        }
        return false;
    }
}
