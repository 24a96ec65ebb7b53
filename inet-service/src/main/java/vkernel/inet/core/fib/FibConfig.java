package vkernel.inet.core.fib;

/**
 * struct fib_config (include/net/ip_fib.h): a route request as rtm_to_fib_config parsed
 * it from an RTM_NEWROUTE / RTM_DELROUTE message, with the requester (nl_info).
 */
public record FibConfig(int dstLen, int dscp, int table, int protocol, int scope, int type, int flags, int nlflags,
        int dst, int oif, int gw, boolean hasGw, int priority, int prefsrc, int portid, int seq) {
}
