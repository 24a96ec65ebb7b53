package vkernel.netlink.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vkernel.uapi.Netlink;

/**
 * nl_table[MAX_LINKS] (net/netlink/af_netlink.c), keyed by network namespace as the
 * kernel keys its hash by (net, portid): per namespace and protocol, the bound socks by
 * portid and the mc_list of socks that joined a group. Also every sock by handle.
 * Not thread-safe: {@link AfNetlink} holds its lock around every use.
 */
public final class NlTable {
    /** struct netlink_table of one namespace: the portid hash and the multicast list. */
    static final class Table {
        final Map<Integer, NetlinkSock> hash = new HashMap<>();
        final Set<NetlinkSock> mcList = new LinkedHashSet<>();

        boolean isEmpty() {
            return hash.isEmpty() && mcList.isEmpty();
        }
    }

    private final Map<Long, Table[]> nets = new HashMap<>();
    private final Map<Long, NetlinkSock> socks = new HashMap<>();

    void add(NetlinkSock sk) {
        socks.put(sk.id, sk);
    }

    public NetlinkSock sock(long id) {
        return socks.get(id);
    }

    public int sockCount() {
        return socks.size();
    }

    /** The namespaces that still have bound or subscribed socks. */
    public int netCount() {
        return nets.size();
    }

    /** Every sock, for the restore's reconcile. */
    List<NetlinkSock> socks() {
        return new ArrayList<>(socks.values());
    }

    List<NetlinkSock> socksOf(long netns) {
        List<NetlinkSock> out = new ArrayList<>();
        for (NetlinkSock sk : socks.values()) {
            if (sk.netns == netns) {
                out.add(sk);
            }
        }
        return out;
    }

    void forget(NetlinkSock sk) {
        socks.remove(sk.id);
    }

    private Table table(long netns, int protocol, boolean create) {
        Table[] t = nets.get(netns);
        if (t == null) {
            if (!create) {
                return null;
            }
            t = new Table[Netlink.MAX_LINKS];
            nets.put(netns, t);
        }
        if (t[protocol] == null && create) {
            t[protocol] = new Table();
        }
        return t[protocol];
    }

    /** __netlink_lookup: the user sock bound to portid, or null. */
    public NetlinkSock lookup(long netns, int protocol, int portid) {
        Table t = table(netns, protocol, false);
        return t == null ? null : t.hash.get(portid);
    }

    /** __netlink_insert: false when the portid is taken (-EADDRINUSE). */
    boolean insert(NetlinkSock sk) {
        Table t = table(sk.netns, sk.protocol, true);
        if (t.hash.containsKey(sk.portid)) {
            prune(sk.netns, sk.protocol);
            return false;
        }
        t.hash.put(sk.portid, sk);
        return true;
    }

    /** netlink_remove: out of the hash and the multicast list. */
    void remove(NetlinkSock sk) {
        Table t = table(sk.netns, sk.protocol, false);
        if (t == null) {
            return;
        }
        if (sk.bound && t.hash.get(sk.portid) == sk) {
            t.hash.remove(sk.portid);
        }
        t.mcList.remove(sk);
        prune(sk.netns, sk.protocol);
    }

    /** netlink_update_subscriptions: on mc_list while it has a group. */
    void updateSubscriptions(NetlinkSock sk, int subscriptions) {
        if (subscriptions > 0 && sk.subscriptions == 0) {
            table(sk.netns, sk.protocol, true).mcList.add(sk);
        } else if (subscriptions == 0 && sk.subscriptions > 0) {
            Table t = table(sk.netns, sk.protocol, false);
            if (t != null) {
                t.mcList.remove(sk);
                prune(sk.netns, sk.protocol);
            }
        }
        sk.subscriptions = subscriptions;
    }

    /** The bound socks of a protocol (its hash), in a copy the caller may sort. */
    List<NetlinkSock> hashed(long netns, int protocol) {
        Table t = table(netns, protocol, false);
        return t == null ? new ArrayList<>() : new ArrayList<>(t.hash.values());
    }

    /** The socks of mc_list, in a copy the caller may iterate while delivering. */
    List<NetlinkSock> mcList(long netns, int protocol) {
        Table t = table(netns, protocol, false);
        return t == null ? List.of() : new ArrayList<>(t.mcList);
    }

    /** Drops empty tables, so that nothing is left once every sock is gone. */
    private void prune(long netns, int protocol) {
        Table[] t = nets.get(netns);
        if (t == null) {
            return;
        }
        if (t[protocol] != null && t[protocol].isEmpty()) {
            t[protocol] = null;
        }
        for (Table x : t) {
            if (x != null) {
                return;
            }
        }
        nets.remove(netns);
    }

    /** netlink_net_exit: the namespace's tables go. */
    void dropNet(long netns) {
        nets.remove(netns);
    }
}
