package vkernel.netlink.core;

import vkernel.errno.v1.Errno;

/**
 * Putting skbs on receive queues (net/netlink/af_netlink.c): __netlink_sendskb,
 * netlink_attachskb's room test, netlink_overrun, netlink_rcv_wake and the kernel's
 * unicasts (nlmsg_unicast, which never waits: a full receiver loses the message and
 * is told ENOBUFS on its next receive). Callers hold the AfNetlink lock.
 */
final class NetlinkDeliver {
    private NetlinkDeliver() {}

    /** __netlink_sendskb: queue, charge sk_rmem_alloc, wake readers. */
    static void sendskb(AfNetlink af, NetlinkSock sk, Skb skb) {
        af.journal.skb(sk, sk.enqueue(skb), skb);
        af.wake(sk.wq);
    }

    /**
     * netlink_attachskb / netlink_broadcast_deliver (6.18): room when the queue is empty
     * or the skb fits in sk_rcvbuf, and no overrun is pending.
     */
    static boolean hasRoom(NetlinkSock sk, int truesize) {
        long rmem = (long) sk.rmemAlloc + truesize;
        return (sk.rmemAlloc == 0 || rmem <= sk.rcvbuf) && !sk.congested;
    }

    /** netlink_overrun: ENOBUFS once per congestion, unless NETLINK_NO_ENOBUFS. */
    static void overrun(AfNetlink af, NetlinkSock sk) {
        if (!sk.flag(NetlinkSock.NETLINK_F_RECV_NO_ENOBUFS) && !sk.congested) {
            sk.congested = true;
            sk.err = Errno.ERRNO_ENOBUFS.getNumber();
            af.wake(sk.wq); // sk_error_report
        }
        sk.drops++;
        af.journal.sock(sk);
    }

    /** netlink_rcv_wake: an empty queue ends the congestion; blocked senders retry. */
    static void rcvWake(AfNetlink af, NetlinkSock sk) {
        if (sk.receiveQueue.isEmpty() && sk.congested) {
            sk.congested = false;
            af.journal.sock(sk);
        }
        if (!sk.congested) {
            af.wake(sk.nlkWait);
        }
    }

    /**
     * netlink_getsockbyportid: the user sock bound to portid, unless it is connected to
     * someone other than the sender (ECONNREFUSED either way: null).
     */
    static NetlinkSock getsockbyportid(NlTable table, long netns, int protocol, int portid, int senderPortid) {
        NetlinkSock sk = table.lookup(netns, protocol, portid);
        if (sk == null || sk.dead) {
            return null;
        }
        if (sk.state == NetlinkSock.NETLINK_CONNECTED && sk.dstPortid != senderPortid) {
            return null;
        }
        return sk;
    }

    /** nlmsg_unicast from the kernel socket (portid 0): true when queued. */
    static boolean unicastFromKernel(AfNetlink af, long netns, int protocol, int portid, byte[] data) {
        NetlinkSock sk = getsockbyportid(af.table, netns, protocol, portid, 0);
        if (sk == null) {
            return false;
        }
        Skb skb = Skb.kernel(data, 0);
        if (!hasRoom(sk, skb.truesize())) {
            overrun(af, sk);
            return false;
        }
        sendskb(af, sk, skb);
        return true;
    }
}
