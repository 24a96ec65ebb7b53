package vkernel.inet.core.fib;

import static vkernel.uapi.Netlink.NLM_F_APPEND;
import static vkernel.uapi.Netlink.NLM_F_CREATE;
import static vkernel.uapi.Netlink.NLM_F_EXCL;
import static vkernel.uapi.Netlink.NLM_F_REPLACE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Rtnetlink;

/**
 * struct fib_table (net/ipv4/fib_trie.c): one routing table, its aliases in a trie that
 * the local and main tables share. fib_table_insert and fib_table_delete with their
 * errno rules; lookups and dumps see only this table's aliases, except that the shared
 * trie makes local and main one lookup (see {@link Fib#lookup}).
 */
final class FibTable {
    final int id;
    final FibTrie trie;

    FibTable(int id, FibTrie trie) {
        this.id = id;
        this.trie = trie;
    }

    /** A change made: the alias and the nlmsg_flags of its notification. */
    record Change(FibAlias fa, int nlflags) {}

    /** The result of an insert or delete: the change, or the errno. */
    record Outcome(Change change, Errno errno) {
        static Outcome fail(Errno e) {
            return new Outcome(null, e);
        }
    }

    /** fib_valid_key_len: prefix length at most 32, no host bits set. */
    static boolean validKeyLen(int key, int plen) {
        if (plen > 32) {
            return false;
        }
        return plen >= 32 || (key << plen) == 0;
    }

    /** fib_table_insert, given the fib_info fib_create_info made. */
    Outcome insert(FibConfig cfg, FibInfo fi) {
        int key = cfg.dst();
        int plen = cfg.dstLen();
        int slen = 32 - plen;
        if (!validKeyLen(key, plen)) {
            return Outcome.fail(Errno.ERRNO_EINVAL);
        }
        int nlflags = NLM_F_EXCL;
        List<FibAlias> leaf = trie.leaf(key);
        int pos = FibTrie.findAlias(leaf, slen, cfg.dscp(), fi.priority(), id);
        FibAlias fa = pos < 0 ? null : leaf.get(pos);
        if (fa != null && fa.dscp() == cfg.dscp() && fa.fi().priority() == fi.priority()) {
            if ((cfg.nlflags() & NLM_F_EXCL) != 0) {
                return Outcome.fail(Errno.ERRNO_EEXIST);
            }
            nlflags &= ~NLM_F_EXCL;
            int first = pos;
            int match = -1;
            int i = pos;
            for (; i < leaf.size(); i++) {
                FibAlias f = leaf.get(i);
                if (f.slen() != slen || f.tbId() != id || f.dscp() != cfg.dscp() || f.fi().priority() != fi.priority()) {
                    break;
                }
                if (f.type() == cfg.type() && f.fi().equals(fi)) {
                    match = i;
                    break;
                }
            }
            if ((cfg.nlflags() & NLM_F_REPLACE) != 0) {
                if (match >= 0) {
                    return match == first ? new Outcome(null, Errno.ERRNO_UNSPECIFIED) : Outcome.fail(Errno.ERRNO_EEXIST);
                }
                FibAlias replaced = new FibAlias(key, slen, cfg.dscp(), cfg.type(), id, fi);
                leaf.set(first, replaced);
                return new Outcome(new Change(replaced, nlflags | NLM_F_REPLACE), Errno.ERRNO_UNSPECIFIED);
            }
            if (match >= 0) {
                return Outcome.fail(Errno.ERRNO_EEXIST);
            }
            if ((cfg.nlflags() & NLM_F_APPEND) != 0) {
                nlflags |= NLM_F_APPEND;
                pos = i;
            } else {
                pos = first;
            }
        }
        if ((cfg.nlflags() & NLM_F_CREATE) == 0) {
            return Outcome.fail(Errno.ERRNO_ENOENT);
        }
        nlflags |= NLM_F_CREATE;
        FibAlias added = new FibAlias(key, slen, cfg.dscp(), cfg.type(), id, fi);
        List<FibAlias> l = trie.leafOrCreate(key);
        if (pos < 0) {
            pos = FibTrie.tailOfSection(l, slen, id);
        }
        l.add(pos, added);
        return new Outcome(new Change(added, nlflags), Errno.ERRNO_UNSPECIFIED);
    }

    /** fib_table_delete: the first alias that matches every field the request gives. */
    Outcome delete(FibConfig cfg) {
        int key = cfg.dst();
        int plen = cfg.dstLen();
        int slen = 32 - plen;
        if (!validKeyLen(key, plen)) {
            return Outcome.fail(Errno.ERRNO_EINVAL);
        }
        List<FibAlias> leaf = trie.leaf(key);
        if (leaf == null) {
            return Outcome.fail(Errno.ERRNO_ESRCH);
        }
        int pos = FibTrie.findAlias(leaf, slen, cfg.dscp(), 0, id);
        if (pos < 0) {
            return Outcome.fail(Errno.ERRNO_ESRCH);
        }
        for (int i = pos; i < leaf.size(); i++) {
            FibAlias fa = leaf.get(i);
            FibInfo fi = fa.fi();
            if (fa.slen() != slen || fa.tbId() != id || fa.dscp() != cfg.dscp()) {
                break;
            }
            if ((cfg.type() == 0 || fa.type() == cfg.type())
                    && (cfg.scope() == Rtnetlink.RT_SCOPE_NOWHERE || fi.scope() == cfg.scope())
                    && (cfg.prefsrc() == 0 || fi.prefsrc() == cfg.prefsrc())
                    && (cfg.protocol() == 0 || fi.protocol() == cfg.protocol())
                    && nhMatch(cfg, fi)) {
                leaf.remove(i);
                trie.removeIfEmpty(key);
                return new Outcome(new Change(fa, 0), Errno.ERRNO_UNSPECIFIED);
            }
        }
        return Outcome.fail(Errno.ERRNO_ESRCH);
    }

    /** fib_nh_match, for one nexthop. */
    private static boolean nhMatch(FibConfig cfg, FibInfo fi) {
        if (cfg.priority() != 0 && cfg.priority() != fi.priority()) {
            return false;
        }
        if (cfg.oif() != 0 || cfg.hasGw()) {
            FibInfo.Nh nh = fi.nh();
            if (cfg.oif() != 0 && cfg.oif() != nh.oif()) {
                return false;
            }
            return !cfg.hasGw() || cfg.gw() == nh.gw();
        }
        return true;
    }

    /** This table's aliases in trie order (fib_table_dump). */
    List<FibAlias> aliases() {
        List<FibAlias> out = new ArrayList<>();
        for (Map.Entry<Integer, List<FibAlias>> e : trie.leaves()) {
            for (FibAlias fa : e.getValue()) {
                if (fa.tbId() == id) {
                    out.add(fa);
                }
            }
        }
        return out;
    }
}
