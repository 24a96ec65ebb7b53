package vkernel.inet.core.fib;

/** struct fib_result: the route a lookup chose. */
public record FibResult(int prefix, int prefixlen, int type, int scope, FibInfo fi, int tbId) {
    int oif() {
        return fi.nh().oif();
    }
}
