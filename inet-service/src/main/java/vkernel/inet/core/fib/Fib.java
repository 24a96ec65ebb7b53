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

    public Fib(Net net) {
        this.net = net;
        // fib_net_init → fib4_rules_init and ip_fib_net_init: main and local exist from the start
        newTable(RT_TABLE_MAIN);
        newTable(RT_TABLE_LOCAL);
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

    /** fib_new_table: local shares main's trie while there are no custom rules. */
    FibTable newTable(int id) {
        int tid = id == 0 ? RT_TABLE_MAIN : id;
        FibTable tb = tables.get(tid);
        if (tb == null) {
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
        FibTrie.Lookup r = tableLookup(getTable(RT_TABLE_LOCAL), new FibTrie.Flow(addr, RT_SCOPE_UNIVERSE, 0, 0));
        return r.res() != null ? r.res().type() : RTN_UNICAST;
    }

    /** __ip_dev_find: the device that has addr, counting addresses of local routes. */
    NetDevice devFind(int addr) {
        if (addr == net.lo().addr() || inetAddrType(addr) == RTN_LOCAL) {
            return net.lo();
        }
        return null;
    }

    public NetDevice devByIndex(int ifindex) {
        return ifindex == net.lo().ifindex() ? net.lo() : null;
    }

    /** fib_add_ifaddr: the local, prefix and broadcast routes of a new primary address. */
    public void addIfaddr(NetDevice dev) {
        int addr = dev.addr();
        int mask = dev.mask();
        int prefix = addr & mask;
        magic(RTN_LOCAL, addr, 32, dev);
        if (!Addr.isZeronet(prefix) && (prefix != addr || dev.prefixlen() < 32)) {
            // a loopback device's prefix is local, not on-link
            magic(RTN_LOCAL, prefix, dev.prefixlen(), dev);
        }
        if (dev.prefixlen() < 31) {
            magic(RTN_BROADCAST, prefix | ~mask, 32, dev);
        }
    }

    /** fib_magic: a route the kernel adds for itself, in the local table, scope host (local) or link. */
    private void magic(int type, int dst, int dstLen, NetDevice dev) {
        int scope = type != RTN_LOCAL ? RT_SCOPE_LINK : RT_SCOPE_HOST;
        FibInfo fi = new FibInfo(RTPROT_KERNEL, scope, 0, 0, dev.addr(), type, RT_TABLE_LOCAL,
                new FibInfo.Nh(dev.ifindex(), 0, RT_SCOPE_NOWHERE, 0));
        FibConfig cfg = new FibConfig(dstLen, 0, RT_TABLE_LOCAL, RTPROT_KERNEL, scope, type, 0, 0x400 | 0x200, dst,
                dev.ifindex(), 0, false, 0, dev.addr(), 0, 0);
        newTable(RT_TABLE_LOCAL).insert(cfg, fi);
    }
}
