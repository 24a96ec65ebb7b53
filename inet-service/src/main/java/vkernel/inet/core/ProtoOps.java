package vkernel.inet.core;

/**
 * The struct proto_ops of PF_INET (net/ipv4/af_inet.c): which socket-level functions a
 * sock's calls go through. Stream sockets listen and accept; datagram and raw ones
 * answer those with EOPNOTSUPP (sock_no_listen, sock_no_accept) and differ in poll.
 */
public enum ProtoOps {
    /** inet_stream_ops: inet_stream_connect, inet_listen, inet_accept, tcp_poll. */
    INET_STREAM_OPS,
    /** inet_dgram_ops: inet_dgram_connect, udp_poll. */
    INET_DGRAM_OPS,
    /** inet_sockraw_ops: inet_dgram_connect, datagram_poll. */
    INET_SOCKRAW_OPS;

    boolean stream() {
        return this == INET_STREAM_OPS;
    }
}
