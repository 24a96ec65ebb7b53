package vkernel.uapi;

/**
 * include/uapi/linux/sock_diag.h and the legacy request types of inet_diag.h: the
 * message types of NETLINK_SOCK_DIAG.
 */
public final class SockDiag {
    private SockDiag() {}

    /** inet_diag.h: the legacy requests inet_diag's compat path answers. */
    public static final int TCPDIAG_GETSOCK = 18;
    public static final int DCCPDIAG_GETSOCK = 19;

    public static final int SOCK_DIAG_BY_FAMILY = 20;
    public static final int SOCK_DESTROY = 21;

    /** sizeof(struct sock_diag_req): sdiag_family, sdiag_protocol. */
    public static final int SOCK_DIAG_REQ_SIZE = 2;
    /** sizeof(struct inet_diag_req), the legacy request. */
    public static final int INET_DIAG_REQ_SIZE = 60;
}
