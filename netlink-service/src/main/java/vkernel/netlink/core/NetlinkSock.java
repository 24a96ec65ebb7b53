package vkernel.netlink.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import vkernel.cred.v1.Cred;
import vkernel.net.core.Sock;
import vkernel.net.core.WaitQueue;
import vkernel.uapi.Socket;

/**
 * struct netlink_sock (net/netlink/af_netlink.h): a struct sock plus its portid, the
 * peer it is connected to, its multicast groups (a bitmap of ngroups bits, the first
 * 32 of which getsockname shows), its NETLINK_F_* flags, its receive queue and the dump
 * it is running. Guarded by the lock of the {@link AfNetlink} that holds it.
 */
public final class NetlinkSock extends Sock {
    /** nlk->flags bits (NETLINK_F_*). */
    public static final int NETLINK_F_RECV_PKTINFO = 1 << 1;
    public static final int NETLINK_F_BROADCAST_SEND_ERROR = 1 << 2;
    public static final int NETLINK_F_RECV_NO_ENOBUFS = 1 << 3;
    public static final int NETLINK_F_LISTEN_ALL_NSID = 1 << 4;
    public static final int NETLINK_F_CAP_ACK = 1 << 5;
    public static final int NETLINK_F_EXT_ACK = 1 << 6;
    public static final int NETLINK_F_STRICT_CHK = 1 << 7;

    /** sk_state of a netlink sock: TCP_CLOSE from sock_init_data until the first connect. */
    public static final int NETLINK_UNCONNECTED = 0;
    public static final int NETLINK_CONNECTED = 1;
    public static final int TCP_CLOSE = 7;

    public int portid;
    public int dstPortid;
    public int dstGroup;
    public boolean bound;
    public int flags;
    /** nlk->groups as 64-bit words; null until a group is first joined (netlink_realloc_groups). */
    public long[] groups;
    public int ngroups;
    public int subscriptions;
    /** NETLINK_S_CONGESTED: an overrun was reported and the queue has not drained since. */
    public boolean congested;
    public int maxRecvmsgLen;
    public long drops;
    /** sk_rmem_alloc: the truesize of every skb on the receive queue. */
    public int rmemAlloc;
    public final Deque<Skb> receiveQueue = new ArrayDeque<>();
    /** The seq of each skb of receiveQueue, in the same order: the key of its state record. */
    final Deque<Long> queueSeqs = new ArrayDeque<>();
    long nextSkbSeq = 1;
    /**
     * Per partition of the protocol's multicast topic, the first offset not yet handed to
     * this sock: a record read again after a restart does not reach it twice.
     */
    final Map<Integer, Long> mcNextOffset = new HashMap<>();
    /** nlk->cb while cb_running, else null. */
    public NetlinkCallback cb;
    /** nlk->wait: senders waiting for room in this sock's queue. */
    public final WaitQueue nlkWait = new WaitQueue();
    /** SOCK_DEAD: released; nothing is queued any more. */
    public boolean dead;

    public NetlinkSock(long id, long netns, int type, int protocol, long ino, Cred cred) {
        super(id, netns, Socket.AF_NETLINK, type, protocol, ino, cred);
        this.state = TCP_CLOSE;
    }

    @Override
    public boolean listening() {
        return false;
    }

    /** __skb_queue_tail: returns the skb's seq. */
    long enqueue(Skb skb) {
        long seq = nextSkbSeq++;
        receiveQueue.add(skb);
        queueSeqs.add(seq);
        rmemAlloc += skb.truesize();
        return seq;
    }

    /** skb_dequeue of the head: returns its seq (the queue must not be empty). */
    long dequeue() {
        Skb skb = receiveQueue.poll();
        rmemAlloc -= skb.truesize();
        return queueSeqs.poll();
    }

    public boolean flag(int f) {
        return (flags & f) != 0;
    }

    public void assignFlag(int f, boolean on) {
        flags = on ? flags | f : flags & ~f;
    }

    /** test_bit(group - 1, nlk->groups). */
    public boolean member(int group) {
        int bit = group - 1;
        return groups != null && bit >= 0 && bit < ngroups && (groups[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    /** nlk->groups[0] as a u32: what getsockname shows. */
    public int groups0() {
        return groups == null ? 0 : (int) groups[0];
    }

    /** netlink_realloc_groups: room for every group the protocol has. */
    public void reallocGroups(int tableGroups) {
        if (ngroups >= tableGroups) {
            return;
        }
        long[] g = new long[(tableGroups + 63) >>> 6];
        if (groups != null) {
            System.arraycopy(groups, 0, g, 0, groups.length);
        }
        groups = g;
        ngroups = tableGroups;
    }

    /** Sets or clears bit (group - 1); returns the bit's old value. */
    boolean assignGroup(int group, boolean on) {
        int bit = group - 1;
        boolean old = member(group);
        if (on) {
            groups[bit >>> 6] |= 1L << (bit & 63);
        } else {
            groups[bit >>> 6] &= ~(1L << (bit & 63));
        }
        return old;
    }

    /** The number of groups set (hweight over the bitmap). */
    int countGroups() {
        int n = 0;
        if (groups != null) {
            for (long w : groups) {
                n += Long.bitCount(w);
            }
        }
        return n;
    }
}
