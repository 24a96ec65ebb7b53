package vkernel.net.core;

/**
 * The sysctls the socket layer reads, at the values the conformance oracle ran with
 * (FORMAT.md): net.core.{r,w}mem_{default,max}, net.ipv4.tcp_{r,w}mem, HZ.
 */
public final class Sysctl {
    private Sysctl() {}

    public static final int RMEM_DEFAULT = 212992;
    public static final int WMEM_DEFAULT = 212992;
    public static final int RMEM_MAX = 4194304;
    public static final int WMEM_MAX = 4194304;
    public static final int[] TCP_RMEM = {4096, 131072, 33554432};
    public static final int[] TCP_WMEM = {4096, 16384, 4194304};
    /** net.core.somaxconn. */
    public static final int SOMAXCONN = 4096;

    /** Timer ticks per second: socket timeouts are kept in jiffies. */
    public static final int HZ = 250;
    /** MAX_SCHEDULE_TIMEOUT: "no timeout". */
    public static final long MAX_SCHEDULE_TIMEOUT = Long.MAX_VALUE;

    /** TCP_SKB_MIN_TRUESIZE: 2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff)). */
    public static final int SKB_MIN_TRUESIZE = 2048 + 256;
    public static final int SOCK_MIN_SNDBUF = SKB_MIN_TRUESIZE * 2;
    public static final int SOCK_MIN_RCVBUF = SKB_MIN_TRUESIZE;

    /** Milliseconds in a timeout kept in jiffies; -1 for none. */
    public static long jiffiesToMillis(long jiffies) {
        if (jiffies == MAX_SCHEDULE_TIMEOUT) {
            return -1;
        }
        return jiffies * 1000 / HZ;
    }
}
