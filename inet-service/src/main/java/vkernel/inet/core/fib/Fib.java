package vkernel.inet.core.fib;

import static vkernel.uapi.Rtnetlink.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;
import vkernel.uapi.IfAddr;
import vkernel.uapi.Netlink;

/**
 * The IPv4 FIB of a namespace (net/ipv4/fib_frontend.c): its tables by id, the lookup
 * routing uses (fib_lookup with the default rules), inet_addr_type, and the routes
 * fib_add_ifaddr makes for an address.
 */
public final class Fib {
    private final Net net;
    private final FibTrie mainTrie = new FibTrie();
    /** Tables by id, in creation order. */
    private final Map<Integer, FibTable> tables = new LinkedHashMap<>();

    /**
     * fib_net_init with CONFIG_IP_MULTIPLE_TABLES: the rules, no table. A table is made by
     * the first route into it, so a new namespace's inet_addr_type finds no local table
     * and calls every address RTN_BROADCAST (a bind to any address succeeds).
     */
    public Fib(Net net) {
        this.net = net;
    }

    /** fib_props[type].error: what a lookup that lands on such a route returns. */
    static Errno propsError(int type) {
        return switch (type) {
            case RTN_BLACKHOLE, RTN_NAT, RTN_XRESOLVE -> Errno.ERRNO_EINVAL;
            case RTN_UNREACHABLE -> Errno.ERRNO_EHOSTUNREACH;
            case RTN_PROHIBIT -> Errno.ERRNO_EACCES;
            case RTN_THROW -> Errno.ERRNO_EAGAIN;
            default -> Errno.ERRNO_UNSPECIFIED;
        };
    }

    /** fib_props[type].scope: the narrowest scope such a route may have. */
    static int propsScope(int type) {
        return switch (type) {
            case RTN_UNSPEC, RTN_NAT, RTN_XRESOLVE -> RT_SCOPE_NOWHERE;
            case RTN_LOCAL -> RT_SCOPE_HOST;
            case RTN_BROADCAST, RTN_ANYCAST -> RT_SCOPE_LINK;
            default -> RT_SCOPE_UNIVERSE;
        };
    }

    FibTable getTable(int id) {
        return tables.get(id == 0 ? RT_TABLE_MAIN : id);
    }

    /** fib_new_table: local shares main's trie while there are no custom rules, so main is made first. */
    FibTable newTable(int id) {
        int tid = id == 0 ? RT_TABLE_MAIN : id;
        FibTable tb = tables.get(tid);
        if (tb == null) {
            if (tid == RT_TABLE_LOCAL) {
                newTable(RT_TABLE_MAIN);
            }
            tb = new FibTable(tid, tid == RT_TABLE_LOCAL || tid == RT_TABLE_MAIN ? mainTrie : new FibTrie());
            tables.put(tid, tb);
        }
        return tb;
    }

    /** The tables in the order inet_dump_fib walks them (fib_table_hash buckets, newest first in a bucket). */
    List<FibTable> tablesInDumpOrder() {
        List<FibTable> all = new ArrayList<>(tables.values());
        java.util.Collections.reverse(all);
        all.sort(Comparator.comparingInt(t -> t.id & 0xff));
        return all;
    }

    /** Every route of every table: what "nothing leaks" compares against a fresh namespace. */
    public int routeCount() {
        int n = 0;
        for (FibTable t : tables.values()) {
            n += t.aliases().size();
        }
        return n;
    }

    /** fib_table_lookup on one table (local and main look at their shared trie together). */
    FibTrie.Lookup tableLookup(FibTable tb, FibTrie.Flow flp) {
        if (tb == null) {
            return new FibTrie.Lookup(null, Errno.ERRNO_EAGAIN); // no such table: no route in it
        }
        if (tb.trie == mainTrie) {
            return mainTrie.lookup(flp, id -> id == RT_TABLE_MAIN || id == RT_TABLE_LOCAL);
        }
        return tb.trie.lookup(flp, id -> id == tb.id);
    }

    /** fib_lookup with the default rules: main (local merged in), then default; ENETUNREACH when none matched. */
    FibTrie.Lookup lookup(FibTrie.Flow flp) {
        FibTrie.Lookup r = tableLookup(getTable(RT_TABLE_MAIN), flp);
        if (r.errno() == Errno.ERRNO_EAGAIN) {
            FibTable def = getTable(RT_TABLE_DEFAULT);
            if (def != null) {
                r = tableLookup(def, flp);
            }
        }
        if (r.errno() == Errno.ERRNO_EAGAIN) {
            return new FibTrie.Lookup(null, Errno.ERRNO_ENETUNREACH);
        }
        return r;
    }

    /** inet_addr_type_table(net, addr, RT_TABLE_LOCAL) (__inet_dev_addr_type with no device). */
    public int inetAddrType(int addr) {
        if (Addr.isZeronet(addr) || Addr.isLbcast(addr)) {
            return RTN_BROADCAST;
        }
        if (Addr.isMulticast(addr)) {
            return RTN_MULTICAST;
        }
        FibTable local = getTable(RT_TABLE_LOCAL);
        if (local == null) {
            return RTN_BROADCAST; // __inet_dev_addr_type's answer when the table does not exist
        }
        FibTrie.Lookup r = tableLookup(local, new FibTrie.Flow(addr, RT_SCOPE_UNIVERSE, 0, 0));
        return r.res() != null ? r.res().type() : RTN_UNICAST;
    }

    /**
     * __ip_dev_find: the device holding addr (inet_lookup_ifaddr_rcu), else the device of
     * the local route to it.
     */
    NetDevice devFind(int addr) {
        for (NetDevice dev : net.devices().all()) {
            for (InIfaddr ifa : dev.ifaList()) {
                if (ifa.local() == addr) {
                    return dev;
                }
            }
        }
        FibTrie.Lookup r = tableLookup(getTable(RT_TABLE_LOCAL), new FibTrie.Flow(addr, RT_SCOPE_UNIVERSE, 0, 0));
        if (r.res() != null && r.res().type() == RTN_LOCAL) {
            return devByIndex(r.res().oif());
        }
        return null;
    }

    /** dev_get_by_index on the namespace's device table. */
    public NetDevice devByIndex(int ifindex) {
        return net.devices().getByIndex(ifindex);
    }

    /**
     * fib_add_ifaddr: the local route of an address; on an up device also the broadcast
     * route of an explicit broadcast address, and for a primary the prefix route (local
     * on a loopback device, else unicast in main) and the subnet's broadcast route.
     */
    public List<RtmRoute.Notification> addIfaddr(NetDevice dev, InIfaddr ifa) {
        List<RtmRoute.Notification> out = new ArrayList<>();
        int mask = ifa.mask();
        int addr = ifa.local();
        int prefix = ifa.address() & mask;
        InIfaddr prim = ifa.secondary() ? Devinet.byPrefix(dev, prefix, mask) : ifa;
        if (prim == null) {
            return out;
        }
        magic(out, true, RTN_LOCAL, addr, 32, dev, prim);
        if (!dev.up()) {
            return out;
        }
        if (ifa.broadcast() != 0 && ifa.broadcast() != 0xffffffff) {
            magic(out, true, RTN_BROADCAST, ifa.broadcast(), 32, dev, prim);
        }
        if (!Addr.isZeronet(prefix) && !ifa.secondary() && (prefix != addr || ifa.prefixlen() < 32)) {
            if ((ifa.flags() & IfAddr.IFA_F_NOPREFIXROUTE) == 0) {
                magic(out, true, dev.loopback() ? RTN_LOCAL : RTN_UNICAST, prefix, ifa.prefixlen(), dev, prim);
            }
            if (ifa.prefixlen() < 31) {
                magic(out, true, RTN_BROADCAST, prefix | ~mask, 32, dev, prim);
            }
        }
        return out;
    }

    /**
     * fib_magic: a route the kernel adds (or deletes) for itself (RTPROT_KERNEL, the
     * address as its source; unicast in main, the rest in local), notified as any
     * insert or delete is.
     */
    void magic(List<RtmRoute.Notification> out, boolean add, int type, int dst, int dstLen, NetDevice dev,
            InIfaddr ifa) {
        int table = type == RTN_UNICAST ? RT_TABLE_MAIN : RT_TABLE_LOCAL;
        int scope = type != RTN_LOCAL ? RT_SCOPE_LINK : RT_SCOPE_HOST;
        FibConfig cfg = new FibConfig(dstLen, 0, table, RTPROT_KERNEL, scope, type, 0,
                Netlink.NLM_F_CREATE | Netlink.NLM_F_APPEND, dst, dev.ifindex, 0, false, 0, ifa.local(), 0, 0);
        FibTable tb = newTable(table);
        FibTable.Outcome o;
        if (add) {
            FibSemantics.Created c = FibSemantics.createInfo(this, cfg);
            if (c.fi() == null) {
                return;
            }
            o = tb.insert(cfg, c.fi());
        } else {
            o = tb.delete(cfg);
        }
        if (o.change() != null) {
            FibState.changed(net, tb.id, dst);
            out.add(new RtmRoute.Notification(RTNLGRP_IPV4_ROUTE, FibSemantics.dumpInfo(add ? RTM_NEWROUTE
                    : RTM_DELROUTE, 0, 0, o.change().nlflags(), o.change().fa())));
        }
    }

    /** fib_sync_down_addr and fib_flush: every route whose preferred source was this address goes, silently. */
    void syncDownAddr(int local) {
        removeSilently(fa -> fa.fi().prefsrc() == local);
    }

    /**
     * fib_netdev_event(NETDEV_UP): every address of the device makes its routes again
     * (the local ones, which stayed, are found in place).
     */
    public List<RtmRoute.Notification> netdevUp(NetDevice dev) {
        List<RtmRoute.Notification> out = new ArrayList<>();
        for (InIfaddr ifa : List.copyOf(dev.ifaList())) {
            out.addAll(addIfaddr(dev, ifa));
        }
        return out;
    }

    /**
     * fib_disable_ip: fib_sync_down_dev marks dead every next hop through the device (on
     * NETDEV_DOWN all but those of scope nowhere: the local routes stay; on unregister
     * all, force), and fib_flush takes their routes out, with no notification.
     */
    public void disableIp(NetDevice dev, boolean force) {
        removeSilently(fa -> fa.fi().nh().oif() == dev.ifindex && (force || fa.fi().nh().scope() != RT_SCOPE_NOWHERE));
    }

    /** fib_flush after next hops died: the routes go from every table, recorded but not notified. */
    private void removeSilently(java.util.function.Predicate<FibAlias> dead) {
        java.util.Set<Integer> keys = new java.util.TreeSet<>();
        for (FibTrie trie : tries()) {
            for (Map.Entry<Integer, List<FibAlias>> e : trie.leaves()) {
                if (e.getValue().removeIf(dead)) {
                    keys.add(e.getKey());
                }
            }
        }
        for (FibTable tb : tables.values()) {
            for (int key : keys) {
                FibState.changed(net, tb.id, key);
            }
        }
        for (FibTrie trie : tries()) {
            for (int key : keys) {
                trie.removeIfEmpty(key);
            }
        }
    }

    private java.util.Collection<FibTrie> tries() {
        java.util.Set<FibTrie> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (FibTable tb : tables.values()) {
            all.add(tb.trie);
        }
        return all;
    }
}
