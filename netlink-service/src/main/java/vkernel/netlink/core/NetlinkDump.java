package vkernel.netlink.core;

import java.io.ByteArrayOutputStream;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtAttr;

/**
 * netlink_dump (net/netlink/af_netlink.c): fills one skb with as many of the dump's
 * messages as fit and queues it on the reader; called when the dump starts and again
 * from recvmsg whenever the reader's queue is at most half full. The skb is
 * max(NLMSG_GOODSIZE, the largest recvmsg buffer seen, capped at 32 KiB - overhead).
 * NLMSG_DONE (NLM_F_MULTI, payload the int dump_done_errno) comes in an skb of its own
 * after the last messages (RTNL_FLAG_DUMP_SPLIT_NLM_DONE, as the route and inet_diag
 * dumps do), or alone when there was nothing to dump; an error ends it in the same skb,
 * and so does the end of a dump whose callback does not split it (netlink_diag).
 */
public final class NetlinkDump {
    /** NLMSG_GOODSIZE: SKB_WITH_OVERHEAD(PAGE_SIZE). */
    public static final int NLMSG_GOODSIZE = Skb.PAGE_SIZE - Skb.SHINFO;
    /** SKB_WITH_OVERHEAD(32768): the cap on max_recvmsg_len. */
    public static final int MAX_RECVMSG_LEN = 32768 - Skb.SHINFO;

    private NetlinkDump() {}

    /** Outcome of one call: the skb to queue (or null) and the error netlink_dump returns. */
    record Step(Skb skb, Errno errno) {}

    /** One netlink_dump on sk (its cb must be set and filled). */
    static Step dump(NetlinkSock sk) {
        NetlinkCallback cb = sk.cb;
        if (cb == null) {
            return new Step(null, Errno.ERRNO_EINVAL);
        }
        if (cb.pending) {
            return new Step(null, Errno.ERRNO_UNSPECIFIED);
        }
        if (sk.rmemAlloc >= sk.rcvbuf) {
            return new Step(null, Errno.ERRNO_ENOBUFS);
        }
        int allocSize = Math.max(NLMSG_GOODSIZE, sk.maxRecvmsgLen);
        ByteArrayOutputStream skb = new ByteArrayOutputStream();
        while (!cb.messages.isEmpty() && skb.size() + NlMsg.align(cb.messages.peek().length) <= allocSize) {
            skb.writeBytes(NlMsgBuilder.padded(cb.poll()));
        }
        if (!cb.messages.isEmpty()) {
            if (skb.size() > 0) {
                return new Step(skbOf(skb, allocSize), Errno.ERRNO_UNSPECIFIED);
            }
            // A message larger than the skb: the dump ends with -EMSGSIZE.
            cb.dropAll();
            cb.errno = Errno.ERRNO_EMSGSIZE;
        }
        byte[] done = done(sk, cb);
        if (skb.size() > 0 && ((cb.doneApart && cb.errno == Errno.ERRNO_UNSPECIFIED)
                || skb.size() + done.length > allocSize)) {
            return new Step(skbOf(skb, allocSize), Errno.ERRNO_UNSPECIFIED);
        }
        skb.writeBytes(done);
        sk.cb = null; // cb_running = false
        return new Step(skbOf(skb, allocSize), Errno.ERRNO_UNSPECIFIED);
    }

    /**
     * netlink_dump_done: NLMSG_DONE with dump_done_errno; with the dump's extack text, when
     * the reader set NETLINK_EXT_ACK, also NLM_F_ACK_TLVS and NLMSGERR_ATTR_MSG after the int.
     */
    private static byte[] done(NetlinkSock sk, NetlinkCallback cb) {
        int flags = Netlink.NLM_F_MULTI | cb.answerFlags;
        if (cb.extack == null || !sk.flag(NetlinkSock.NETLINK_F_EXT_ACK)) {
            return NlMsgBuilder.done(flags, cb.seq, cb.portid, -cb.errno.getNumber());
        }
        return NlMsgBuilder.done(flags | Netlink.NLM_F_ACK_TLVS, cb.seq, cb.portid, -cb.errno.getNumber(),
                RtAttr.string(Netlink.NLMSGERR_ATTR_MSG, cb.extack));
    }

    private static Skb skbOf(ByteArrayOutputStream data, int allocSize) {
        return new Skb(data.toByteArray(), 0, 0, Skb.allocTruesize(allocSize));
    }
}
