package vkernel.netlink.core;

import java.util.Arrays;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.netlink.core.AfNetlink.Received;
import vkernel.uapi.Poll;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;

/**
 * netlink_recvmsg over skb_recv_datagram (net/netlink/af_netlink.c, net/core/datagram.c),
 * and datagram_poll. A pending sk_err (an overrun's ENOBUFS) is returned, and cleared,
 * before any queued datagram; one datagram per call, cut to the buffer with MSG_TRUNC
 * in msg_flags (and the real length returned when the caller passed MSG_TRUNC); the
 * source is nl:PORTID:GROUPMASK. Taking a datagram lets a running dump produce its next
 * skb once the queue is at most half full, and lets blocked senders retry.
 */
final class NetlinkRecvmsg {
    private NetlinkRecvmsg() {}

    /** One try under the lock: a result, or null when the queue is empty (sleep). */
    static Received attempt(AfNetlink af, NetlinkSock sk, long len, int flags) {
        if (sk.dead) {
            return Received.error(Errno.ERRNO_EBADF);
        }
        if (sk.err != 0) {
            Errno e = Errno.forNumber(sk.sockError());
            af.journal.sock(sk);
            NetlinkDeliver.rcvWake(af, sk);
            return Received.error(e == null ? Errno.ERRNO_EIO : e);
        }
        Skb skb = sk.receiveQueue.peek();
        if (skb == null) {
            return null;
        }
        if ((flags & Socket.MSG_PEEK) == 0) {
            af.journal.skbGone(sk, sk.dequeue());
        }
        // Record the largest buffer seen: later dump skbs are that big (up to 32 KiB).
        int maxLen = (int) Math.min(Math.max(sk.maxRecvmsgLen, len), NetlinkDump.MAX_RECVMSG_LEN);
        if (maxLen != sk.maxRecvmsgLen) {
            sk.maxRecvmsgLen = maxLen;
            af.journal.sock(sk);
        }
        int copied = (int) Math.min(len, skb.len());
        int msgFlags = len < skb.len() ? Socket.MSG_TRUNC : 0;
        if (sk.flag(NetlinkSock.NETLINK_F_RECV_PKTINFO) || sk.passcred) {
            msgFlags |= Socket.MSG_CTRUNC; // a control message with no buffer for it
        }
        long ret = (flags & Socket.MSG_TRUNC) != 0 ? skb.len() : copied;
        byte[] addr = new SockaddrNl(skb.portid(), NetlinkMulticast.groupMask(skb.dstGroup())).encode();
        Received r = new Received(ret, Errno.ERRNO_UNSPECIFIED, Arrays.copyOf(skb.data(), copied), addr, msgFlags);
        if (sk.cb != null && sk.rmemAlloc <= sk.rcvbuf / 2) {
            NetlinkCallback cb = sk.cb;
            NetlinkDump.Step next = NetlinkDump.dump(sk);
            af.journal.dump(sk, cb);
            if (next.skb() != null) {
                NetlinkDeliver.sendskb(af, sk, next.skb());
            }
            if (next.errno() != Errno.ERRNO_UNSPECIFIED) {
                sk.err = next.errno().getNumber();
                af.journal.sock(sk);
                af.wake(sk.wq);
            }
        }
        NetlinkDeliver.rcvWake(af, sk);
        return r;
    }

    /** The mask with sk_wq's wake-up count, read together under the lock. */
    static Revents revents(NetlinkSock sk) {
        return new Revents(mask(sk), sk.wq.wakes());
    }

    /** datagram_poll: readable with a datagram queued, always writable, POLLERR with sk_err. */
    static int mask(NetlinkSock sk) {
        if (sk.dead) {
            return Poll.POLLNVAL;
        }
        int mask = Poll.POLLOUT | Poll.POLLWRNORM | Poll.POLLWRBAND;
        if (sk.err != 0) {
            mask |= Poll.POLLERR;
        }
        if (!sk.receiveQueue.isEmpty()) {
            mask |= Poll.POLLIN | Poll.POLLRDNORM;
        }
        return mask;
    }
}
