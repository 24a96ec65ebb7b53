package vkernel.netlink.core;

import vkernel.kernel.trace.Trace;
import vkernel.errno.v1.Errno;

/**
 * Multicast (net/netlink/af_netlink.c): netlink_broadcast and do_one_broadcast deliver
 * to every sock on the protocol's mc_list in the same namespace that joined the group,
 * except the sending sock and the excluded portid (which also leaves out socks that
 * never bound: their portid is 0, as the kernel's). A member without room loses the
 * message and gets ENOBUFS. Group membership: netlink_update_socket_mc.
 */
final class NetlinkMulticast {
    private NetlinkMulticast() {}

    /** netlink_group_mask: the nl_groups bit of a group (0 for none or past 32). */
    static int groupMask(int group) {
        return group <= 0 || group > 32 ? 0 : 1 << (group - 1);
    }

    /**
     * netlink_broadcast of skb (its portid is the sender, dstGroup the group) to this
     * instance's members; when local, also to the other instances over the bus.
     * Returns the number of socks it reached.
     */
    static int broadcast(AfNetlink af, long netns, int protocol, Skb skb, int excludePortid, NetlinkSock excludeSk,
            boolean local, Trace parent) {
        return broadcast(af, netns, protocol, skb, excludePortid, excludeSk, local, -1, 0, parent);
    }

    /**
     * The same for a record of the multicast topic (partition, offset; partition -1 for
     * none): a member that already had this record (it is read again after a restart)
     * is left out; every member it reaches remembers the offset.
     */
    static int broadcast(AfNetlink af, long netns, int protocol, Skb skb, int excludePortid, NetlinkSock excludeSk,
            boolean local, int partition, long offset, Trace parent) {
        Trace t = parent.child("netlink_broadcast").field("protocol", NetlinkProtocols.name(protocol))
                .field("group", skb.dstGroup()).field("len", skb.len());
        int delivered = 0;
        for (NetlinkSock sk : af.table.mcList(netns, protocol)) {
            if (sk == excludeSk || sk.portid == excludePortid || !sk.member(skb.dstGroup())) {
                continue;
            }
            if (partition >= 0) {
                if (sk.mcNextOffset.getOrDefault(partition, 0L) > offset) {
                    continue;
                }
                sk.mcNextOffset.put(partition, offset + 1);
            }
            if (NetlinkDeliver.hasRoom(sk, skb.truesize())) {
                NetlinkDeliver.sendskb(af, sk, skb);
                delivered++;
            } else {
                NetlinkDeliver.overrun(af, sk);
            }
            if (partition >= 0) {
                af.journal.sock(sk);
            }
        }
        if (local) {
            af.bus.publish(new MulticastBus.Multicast(protocol, netns, skb.dstGroup(), skb.portid(), excludePortid,
                    skb.data()));
        }
        t.field("receivers", delivered).end(delivered, Errno.ERRNO_UNSPECIFIED);
        return delivered;
    }

    /** netlink_update_socket_mc: join or leave one group (1-based; the caller checked the range). */
    static void updateSocketMc(AfNetlink af, NetlinkSock sk, int group, boolean join) {
        boolean old = sk.assignGroup(group, join);
        int subscriptions = sk.subscriptions - (old ? 1 : 0) + (join ? 1 : 0);
        af.table.updateSubscriptions(sk, subscriptions);
    }
}
