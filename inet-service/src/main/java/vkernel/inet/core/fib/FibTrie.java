package vkernel.inet.core.fib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vkernel.errno.v1.Errno;

/**
 * The LC-trie of net/ipv4/fib_trie.c, kept as leaves by key: each leaf holds the
 * aliases of every prefix length with that key, longest prefix first, then higher
 * dscp, then lower priority (fib_insert_alias's order). The local and main tables
 * share one trie until custom rules exist (fib_new_table's alias), so a lookup sees
 * both, the longest prefix winning and the local table first on a tie.
 */
final class FibTrie {
    private final TreeMap<Integer, List<FibAlias>> leaves = new TreeMap<>(Integer::compareUnsigned);

    static int mask(int plen) {
        return plen == 0 ? 0 : -1 << (32 - plen);
    }

    List<FibAlias> leaf(int key) {
        return leaves.get(key);
    }

    List<FibAlias> leafOrCreate(int key) {
        return leaves.computeIfAbsent(key, k -> new ArrayList<>());
    }

    void removeIfEmpty(int key) {
        List<FibAlias> l = leaves.get(key);
        if (l != null && l.isEmpty()) {
            leaves.remove(key);
        }
    }

    Iterable<Map.Entry<Integer, List<FibAlias>>> leaves() {
        return leaves.entrySet();
    }

    boolean isEmpty() {
        return leaves.isEmpty();
    }

    /**
     * fib_find_alias: the first alias of the leaf with this slen and table, and dscp /
     * priority not before the given ones: the insert position, or the first candidate.
     */
    static int findAlias(List<FibAlias> leaf, int slen, int dscp, int prio, int tbId) {
        if (leaf == null) {
            return -1;
        }
        for (int i = 0; i < leaf.size(); i++) {
            FibAlias fa = leaf.get(i);
            if (fa.slen() < slen) {
                continue;
            }
            if (fa.slen() != slen) {
                break;
            }
            if (Integer.compareUnsigned(fa.tbId(), tbId) > 0) {
                continue;
            }
            if (fa.tbId() != tbId) {
                break;
            }
            if (fa.dscp() > dscp) {
                continue;
            }
            if (Integer.compareUnsigned(fa.fi().priority(), prio) >= 0 || fa.dscp() < dscp) {
                return i;
            }
        }
        return -1;
    }

    /** Where a new alias goes when findAlias found no position: after its slen and table group. */
    static int tailOfSection(List<FibAlias> leaf, int slen, int tbId) {
        int i = 0;
        for (; i < leaf.size(); i++) {
            FibAlias fa = leaf.get(i);
            if (fa.slen() > slen || (fa.slen() == slen && Integer.compareUnsigned(fa.tbId(), tbId) < 0)) {
                break;
            }
        }
        return i;
    }

    /** A lookup's answer: the route, or the errno (EAGAIN: nothing matched, try the next table). */
    record Lookup(FibResult res, Errno errno) {}

    /** The flow a lookup is for (struct flowi4, the parts routing reads). */
    record Flow(int daddr, int scope, int oif, int dscp) {}

    /** fib_table_lookup, over the aliases of the tables accepted by tables. */
    Lookup lookup(Flow flp, java.util.function.IntPredicate tables) {
        for (int plen = 32; plen >= 0; plen--) {
            int key = flp.daddr() & mask(plen);
            List<FibAlias> leaf = leaves.get(key);
            if (leaf == null) {
                continue;
            }
            for (FibAlias fa : leaf) {
                if (fa.slen() != 32 - plen || !tables.test(fa.tbId())) {
                    continue;
                }
                if (fa.dscp() != 0 && fa.dscp() != flp.dscp()) {
                    continue;
                }
                FibInfo fi = fa.fi();
                if (fi.scope() < flp.scope()) {
                    continue;
                }
                Errno err = Fib.propsError(fa.type());
                if (err != Errno.ERRNO_UNSPECIFIED) {
                    return new Lookup(null, err);
                }
                if (flp.oif() != 0 && fi.nh() != null && flp.oif() != fi.nh().oif()) {
                    continue;
                }
                return new Lookup(new FibResult(key, plen, fa.type(), fi.scope(), fi, fa.tbId()), Errno.ERRNO_UNSPECIFIED);
            }
        }
        return new Lookup(null, Errno.ERRNO_EAGAIN);
    }
}
