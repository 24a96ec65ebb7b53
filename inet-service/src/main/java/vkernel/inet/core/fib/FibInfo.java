package vkernel.inet.core.fib;

/**
 * struct fib_info with its one struct fib_nh (include/net/ip_fib.h): what a route says
 * beyond its prefix. Two routes with equal fib_info share one (fib_find_info), so
 * equality here is the kernel's "same route" test.
 */
public record FibInfo(int protocol, int scope, int flags, int priority, int prefsrc, int type, int tbId, Nh nh) {
    /** struct fib_nh: the next hop (gateway 0 for a directly connected route). */
    public record Nh(int oif, int gw, int scope, int flags) {}
}
