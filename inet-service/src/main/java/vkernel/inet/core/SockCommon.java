package vkernel.inet.core;

/**
 * struct sock_common: what the port and connection tables see of a sock, whether it is
 * a full sock, a request sock or a TIME_WAIT sock (include/net/sock.h, inet_timewait_sock.h).
 * Addresses are host-order ints, ports 0..65535.
 */
public interface SockCommon {
    int skcRcvSaddr();

    /** skc_num: the local port in host order (0 while unbound). */
    int skcNum();

    int skcDaddr();

    int skcDport();

    int skcState();

    boolean skcReuse();

    boolean skcReuseport();

    int skcUid();

    int skcBoundDevIf();
}
