package vkernel.inet.core.fib;

import java.util.List;
import vkernel.inet.core.Net;
import vkernel.state.v1.FibAliasRecord;
import vkernel.state.v1.FibLeafRecord;
import vkernel.uapi.Rtnetlink;

/**
 * The FIB on the state topic: a record per table and leaf key (fib/&lt;netns&gt;/&lt;table&gt;/&lt;key&gt;)
 * with that table's aliases of the leaf in order, written when a route is added or
 * deleted. The routes a namespace is born with (lo's, in the local table) are not
 * recorded until changed; so an emptied local leaf is recorded empty rather than deleted,
 * or a restore would bring lo's route back.
 */
public final class FibState {
    private FibState() {}

    public static String key(long netns, int table, int key) {
        return "fib/" + netns + "/" + Integer.toUnsignedString(table) + "/" + Integer.toUnsignedString(key);
    }

    /** A route of table at this leaf key came or went. */
    static void changed(Net net, int table, int key) {
        if (net.journal().recording()) {
            net.journal().key(key(net.id, table, key), () -> leaf(net.fib(), table, key));
        }
    }

    private static FibLeafRecord leaf(Fib fib, int table, int key) {
        FibLeafRecord.Builder b = FibLeafRecord.newBuilder().setTable(table).setKey(key);
        FibTable tb = fib.getTable(table);
        List<FibAlias> leaf = tb == null ? null : tb.trie.leaf(key);
        if (leaf != null) {
            for (FibAlias fa : leaf) {
                if (fa.tbId() == table) {
                    b.addAliases(alias(fa));
                }
            }
        }
        if (b.getAliasesCount() == 0 && table != Rtnetlink.RT_TABLE_LOCAL) {
            return null;
        }
        return b.build();
    }

    private static FibAliasRecord alias(FibAlias fa) {
        FibInfo fi = fa.fi();
        return FibAliasRecord.newBuilder().setSlen(fa.slen()).setDscp(fa.dscp()).setType(fa.type())
                .setProtocol(fi.protocol()).setScope(fi.scope()).setFlags(fi.flags()).setPriority(fi.priority())
                .setPrefsrc(fi.prefsrc()).setInfoType(fi.type()).setNhOif(fi.nh().oif()).setNhGw(fi.nh().gw())
                .setNhScope(fi.nh().scope()).setNhFlags(fi.nh().flags()).build();
    }

    /** The leaf's aliases of the record's table, as recorded, in place of what the fresh namespace had there. */
    public static void restore(Fib fib, FibLeafRecord r) {
        int table = r.getTable();
        FibTable tb = fib.newTable(table);
        List<FibAlias> leaf = tb.trie.leafOrCreate(r.getKey());
        leaf.removeIf(fa -> fa.tbId() == tb.id);
        for (FibAliasRecord a : r.getAliasesList()) {
            FibInfo fi = new FibInfo(a.getProtocol(), a.getScope(), a.getFlags(), a.getPriority(), a.getPrefsrc(),
                    a.getInfoType(), tb.id, new FibInfo.Nh(a.getNhOif(), a.getNhGw(), a.getNhScope(), a.getNhFlags()));
            FibAlias fa = new FibAlias(r.getKey(), a.getSlen(), a.getDscp(), a.getType(), tb.id, fi);
            leaf.add(FibTrie.tailOfSection(leaf, fa.slen(), tb.id), fa);
        }
        tb.trie.removeIfEmpty(r.getKey());
    }
}
