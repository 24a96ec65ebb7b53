package vkernel.netlink.core;

/**
 * An sk_buff on a netlink receive queue: the datagram's bytes, NETLINK_CB(skb).portid
 * (the sender, 0 for the kernel) and .dst_group, and the truesize charged to the
 * receiver's sk_rmem_alloc. Immutable; one instance may sit on several queues (a
 * broadcast shares its data, as skb_clone does).
 */
public record Skb(byte[] data, int portid, int dstGroup, int truesize) {
    /** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) on x86-64. */
    static final int SHINFO = 320;
    /** SKB_DATA_ALIGN(sizeof(struct sk_buff)). */
    static final int SKB_STRUCT = 256;
    /** SKB_SMALL_HEAD_CACHE_SIZE: heads up to this come from their own cache. */
    static final int SMALL_HEAD = 576;
    static final int PAGE_SIZE = 4096;
    static final int SMP_CACHE_BYTES = 64;

    public int len() {
        return data.length;
    }

    /** A message the kernel built for this size (nlmsg_new, trimmed by netlink_trim). */
    public static Skb kernel(byte[] data, int dstGroup) {
        return new Skb(data, 0, dstGroup, allocTruesize(data.length));
    }

    /**
     * skb->truesize after alloc_skb(size): the head (data aligned to the cache line plus
     * skb_shared_info) from the small-head cache or a kmalloc bucket, plus struct sk_buff.
     * Measured on the oracle: 1..256 bytes cost 832, 257..704 cost 1280, 705..1728 cost 2304.
     */
    public static int allocTruesize(int size) {
        int head = dataAlign(size) + SHINFO;
        int obj = head <= SMALL_HEAD ? SMALL_HEAD : kmallocRoundup(head);
        return obj + SKB_STRUCT;
    }

    /**
     * netlink_alloc_large_skb: a unicast whose head passes a page gets a kvmalloc'ed head
     * of exactly SKB_HEAD_ALIGN(size), charged as such.
     */
    public static int userTruesize(int size, boolean broadcast) {
        int head = dataAlign(size) + SHINFO;
        if (head <= PAGE_SIZE || broadcast) {
            return allocTruesize(size);
        }
        return head + SKB_STRUCT;
    }

    private static int dataAlign(int size) {
        return (size + SMP_CACHE_BYTES - 1) & ~(SMP_CACHE_BYTES - 1);
    }

    /** kmalloc_size_roundup for the sizes an skb head has (over 512 bytes: powers of two). */
    private static int kmallocRoundup(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
