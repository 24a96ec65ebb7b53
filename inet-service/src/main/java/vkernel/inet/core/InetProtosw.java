package vkernel.inet.core;

/**
 * struct inet_protosw (include/net/protocol.h): one row of inetsw: a socket type, the
 * protocol it serves (IPPROTO_IP as a wildcard), its struct proto and proto_ops.
 */
public record InetProtosw(int type, int protocol, Proto prot, ProtoOps ops, int flags) {
    /** INET_PROTOSW_REUSE: socks of this row start with SO_REUSEADDR. */
    public static final int INET_PROTOSW_REUSE = 0x01;
    /** INET_PROTOSW_PERMANENT: cannot be unregistered. */
    public static final int INET_PROTOSW_PERMANENT = 0x02;
    /** INET_PROTOSW_ICSK: an inet_connection_sock. */
    public static final int INET_PROTOSW_ICSK = 0x04;
}
