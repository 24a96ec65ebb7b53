package vkernel.uapi.netlink;

import java.util.Arrays;
import vkernel.uapi.If;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;

/**
 * `ip link set DEV up` on the wire: the RTM_NEWLINK request iproute2 sends (ifi_flags and
 * ifi_change IFF_UP, with an ack asked for), and the errno of the answer. One builder for
 * every client that brings lo up in a new namespace (the SDK, the test kit).
 */
public final class LinkUp {
    public static final int LOOPBACK_IFINDEX = 1;

    private LinkUp() {}

    public static byte[] request(int ifindex, int seq) {
        return new NlMsgBuilder(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq, 0)
                .fixed(new IfInfoMsg(Socket.AF_UNSPEC, 0, 0, ifindex, If.IFF_UP, If.IFF_UP).encode())
                .build();
    }

    /** The errno the ack carries (0: done), or -1 when the answer is no NLMSG_ERROR. */
    public static int errnoOf(byte[] answer) {
        if (answer.length < NlMsgHdr.SIZE + NlMsgErr.SIZE || NlMsgHdr.decode(answer, 0).type() != Netlink.NLMSG_ERROR) {
            return -1;
        }
        return -NlMsgErr.decode(Arrays.copyOfRange(answer, NlMsgHdr.SIZE, answer.length)).error();
    }
}
