package vkernel.netlink.core;

import static vkernel.uapi.SockDiag.DCCPDIAG_GETSOCK;
import static vkernel.uapi.SockDiag.INET_DIAG_REQ_SIZE;
import static vkernel.uapi.SockDiag.SOCK_DESTROY;
import static vkernel.uapi.SockDiag.SOCK_DIAG_BY_FAMILY;
import static vkernel.uapi.SockDiag.SOCK_DIAG_REQ_SIZE;
import static vkernel.uapi.SockDiag.TCPDIAG_GETSOCK;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * sock_diag_rcv_msg and __sock_diag_cmd (net/core/sock_diag.c): SOCK_DIAG_BY_FAMILY goes
 * to the handler registered for req->sdiag_family; without one (the module is not
 * loaded) the answer is ENOENT. AF_NETLINK's handler is always there: netlink-service
 * owns the socks, so {@link NetlinkDiag} answers in-process. The legacy TCPDIAG_GETSOCK/DCCPDIAG_GETSOCK need
 * inet_diag's compat path; anything else is EINVAL.
 */
public final class SockDiag {
    private SockDiag() {}

    public static KernelAction rcvMsg(NlMsgHdr h, byte[] msg, RtnlHandlerTable handlers, long now) {
        switch (h.type()) {
            case TCPDIAG_GETSOCK, DCCPDIAG_GETSOCK -> {
                // inet_rcv_compat: present only with inet_diag, and the contract has no legacy dump.
                if (handlers.sockDiag(Socket.AF_INET, now) == null) {
                    return KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP);
                }
                return KernelAction.Done.of(h.payloadLength() < INET_DIAG_REQ_SIZE ? Errno.ERRNO_EINVAL
                        : Errno.ERRNO_EOPNOTSUPP);
            }
            case SOCK_DIAG_BY_FAMILY, SOCK_DESTROY -> {
                return cmd(h, msg, handlers, now);
            }
            default -> {
                return KernelAction.Done.of(Errno.ERRNO_EINVAL);
            }
        }
    }

    /** __sock_diag_cmd. */
    private static KernelAction cmd(NlMsgHdr h, byte[] msg, RtnlHandlerTable handlers, long now) {
        if (h.payloadLength() < SOCK_DIAG_REQ_SIZE) {
            return KernelAction.Done.of(Errno.ERRNO_EINVAL);
        }
        int family = msg[NlMsgHdr.SIZE] & 0xff;
        if (family >= Socket.AF_MAX) {
            return KernelAction.Done.of(Errno.ERRNO_EINVAL);
        }
        if (family == Socket.AF_NETLINK) {
            // netlink_diag_handler has no destroy.
            return h.type() == SOCK_DESTROY ? KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP) : NetlinkDiag.handlerDump(h);
        }
        RtnlHandlerTable.DiagRow hndl = handlers.sockDiag(family, now);
        if (hndl == null) {
            return KernelAction.Done.of(Errno.ERRNO_ENOENT);
        }
        if (h.type() == SOCK_DESTROY) {
            return KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP); // no destroy in the handler contract
        }
        KernelAction.Target target = new KernelAction.Target(hndl.address(), hndl.instanceId());
        if ((h.flags() & Netlink.NLM_F_DUMP) != 0) {
            return new KernelAction.Dumpit(java.util.List.of(target), true);
        }
        return new KernelAction.DiagExact(target);
    }
}
