package vkernel.netlink.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Netlink;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * struct netlink_callback of a running dump (include/linux/netlink.h): the request it
 * answers and what is left to send. The family service's dumpit answers all at once,
 * so the messages wait here and {@link NetlinkDump} hands them out an skb at a time, as
 * the kernel calls cb->dump each time the reader makes room.
 */
public final class NetlinkCallback {
    /** The request's nlmsg_seq, echoed by NLMSG_DONE. */
    final int seq;
    /** NETLINK_CB(cb->skb).portid: the requester, nlmsg_pid of NLMSG_DONE. */
    final int portid;
    /** The dumpit has not answered yet: the dump is running but nothing is ready. */
    boolean pending = true;
    final Deque<byte[]> messages = new ArrayDeque<>();
    /** dump_done_errno once the messages are out: 0 or the dump's error. */
    Errno errno = Errno.ERRNO_UNSPECIFIED;
    /**
     * NLMSG_DONE comes in an skb of its own (the gRPC handlers' dumps return skb->len
     * to the end); false for netlink_diag, whose last skb carries it when there is room.
     * A dump restored from the state topic has it true.
     */
    boolean doneApart = true;
    /** cb->answer_flags (NLM_F_DUMP_FILTERED), carried by NLMSG_DONE too. */
    int answerFlags;
    /** NL_SET_ERR_MSG(cb->extack) of a dump that failed, for NLMSG_DONE; null for none. */
    String extack;

    /** Messages handed out so far (the journal keeps the rest, in chunks). */
    long consumed;
    /** Index of the first message of each chunk the journal wrote, and how many it has freed. */
    long[] chunkStarts = new long[0];
    int chunksGone;

    NetlinkCallback(NlMsgHdr request, int portid) {
        this.seq = request.seq();
        this.portid = portid;
    }

    /** A dump restored from the state topic: its remaining messages, as a filled callback. */
    NetlinkCallback(int seq, int portid, Errno errno, int answerFlags, List<byte[]> remaining, long consumed,
            long[] chunkStarts, int chunksGone) {
        this.seq = seq;
        this.portid = portid;
        this.pending = false;
        this.errno = errno;
        this.answerFlags = answerFlags;
        this.messages.addAll(remaining);
        this.consumed = consumed;
        this.chunkStarts = chunkStarts;
        this.chunksGone = chunksGone;
    }

    /** The next message, now handed out. */
    byte[] poll() {
        consumed++;
        return messages.poll();
    }

    /** The messages left are dropped (the dump ends with an error). */
    void dropAll() {
        consumed += messages.size();
        messages.clear();
    }

    /**
     * The dumpit's answer arrived; answerFlags: cb->answer_flags as the dumpit set them
     * (not read off its messages: a strict route dump flags every route and not its end).
     */
    void fill(Errno e, List<byte[]> msgs, int answerFlags) {
        pending = false;
        errno = e;
        this.answerFlags |= answerFlags & Netlink.NLM_F_DUMP_FILTERED;
        for (byte[] m : msgs) {
            NlMsgHdr h = NlMsgHdr.peek(m, 0);
            if (h == null || h.length() < NlMsgHdr.SIZE || h.length() > m.length) {
                continue; // a family that answers garbage does not get to corrupt the stream
            }
            messages.add(m.length == h.length() ? m : java.util.Arrays.copyOf(m, (int) h.length()));
        }
    }
}
