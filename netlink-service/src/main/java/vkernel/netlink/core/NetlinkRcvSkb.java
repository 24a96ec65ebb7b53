package vkernel.netlink.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * The walk of netlink_rcv_skb (net/netlink/af_netlink.c) over a datagram sent to a
 * kernel socket: messages while at least a header is left; a message whose nlmsg_len
 * is below the header or past the end stops the walk silently (no ack); the next one
 * starts NLMSG_ALIGN(nlmsg_len) further on. Only requests (NLM_F_REQUEST) of a type
 * from NLMSG_MIN_TYPE on reach the protocol's callback; the others are acked with 0
 * when they ask for it.
 */
public final class NetlinkRcvSkb {
    /** One message as the callback sees it: its header and its nlmsg_len bytes. */
    public record Msg(NlMsgHdr hdr, byte[] bytes) {}

    private NetlinkRcvSkb() {}

    public static List<Msg> walk(byte[] skb) {
        List<Msg> out = new ArrayList<>();
        int off = 0;
        while (skb.length - off >= NlMsg.align(NlMsgHdr.SIZE)) {
            NlMsgHdr h = NlMsgHdr.peek(skb, off);
            long len = h.length();
            if (len < NlMsgHdr.SIZE || skb.length - off < len) {
                break;
            }
            out.add(new Msg(h, Arrays.copyOfRange(skb, off, off + (int) len)));
            int msglen = NlMsg.align((int) len);
            off += Math.min(msglen, skb.length - off);
        }
        return out;
    }

    /** Does the protocol's callback see this message (a request, not a control message)? */
    public static boolean forCallback(NlMsgHdr h) {
        return (h.flags() & Netlink.NLM_F_REQUEST) != 0 && h.type() >= Netlink.NLMSG_MIN_TYPE;
    }
}
