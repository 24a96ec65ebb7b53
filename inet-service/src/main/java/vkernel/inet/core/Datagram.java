package vkernel.inet.core;

/**
 * A queued datagram (the sk_buff of a UDP, raw or error queue): payload, where it came
 * from and went to, and its truesize, which is what the receive buffer is charged.
 * eeErrno is set on error-queue entries (sock_extended_err.ee_errno).
 */
public record Datagram(byte[] data, int saddr, int sport, int daddr, int dport, int truesize, int eeErrno) {
    public static Datagram of(byte[] data, int saddr, int sport, int daddr, int dport) {
        return new Datagram(data, saddr, sport, daddr, dport, truesize(data.length), 0);
    }

    /** sizeof(struct sk_buff) and sizeof(struct skb_shared_info), SKB_DATA_ALIGNed, x86_64. */
    private static final int SKB_SIZE = 256;
    private static final int SHINFO_SIZE = 320;
    /** SKB_SMALL_HEAD_CACHE_SIZE: small heads come from one slab of this size. */
    private static final int SMALL_HEAD = 576;
    /** SKB_MAX_ALLOC: larger datagrams put their payload in page fragments. */
    private static final int MAX_ALLOC = 16384 - SHINFO_SIZE;
    /** udp + ip headers, and the LL_RESERVED_SPACE(lo) + 15 that __ip_append_data adds. */
    private static final int HEADERS = 8 + 20;
    private static final int ALLOC_EXTRA = 16 + 15;

    /**
     * skb->truesize of a datagram of len payload bytes sent over lo, as __ip_append_data
     * and __alloc_skb size it (kmalloc rounding included): what __udp_enqueue_schedule_skb
     * charges against sk_rcvbuf. Measured on Linux 6.18: 832 for up to ~100 bytes.
     */
    public static int truesize(int len) {
        int fraglen = len + HEADERS;
        if (fraglen + ALLOC_EXTRA >= MAX_ALLOC) {
            // paged: a small linear head for the headers, the payload in page frags
            return head(HEADERS + ALLOC_EXTRA) + SKB_SIZE + len;
        }
        return head(fraglen + ALLOC_EXTRA) + SKB_SIZE;
    }

    /** The kmalloc'ed head for size bytes of data plus the shared info (what ksize reports). */
    private static int head(int size) {
        int obj = align(size, 64) + SHINFO_SIZE;
        return obj <= SMALL_HEAD ? SMALL_HEAD : Integer.highestOneBit(obj - 1) << 1;
    }

    private static int align(int v, int a) {
        return (v + a - 1) & -a;
    }
}
