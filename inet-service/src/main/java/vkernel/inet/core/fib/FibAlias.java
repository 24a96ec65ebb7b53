package vkernel.inet.core.fib;

/**
 * struct fib_alias (net/ipv4/fib_lookup.h): one route in a trie leaf: its prefix (the
 * leaf key and fa_slen, the host bits), dscp, type and table, and its fib_info.
 */
public record FibAlias(int key, int slen, int dscp, int type, int tbId, FibInfo fi) {
    public int dstLen() {
        return 32 - slen;
    }
}
