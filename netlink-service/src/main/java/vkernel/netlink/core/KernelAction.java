package vkernel.netlink.core;

import java.util.List;
import vkernel.errno.v1.Errno;

/**
 * What a kernel socket's input callback does with one request (the cb of
 * netlink_rcv_skb): answer at once, or hand the message to a family service's doit,
 * dumpit or sock_diag dump. Deciding is pure; {@link NetlinkKernelRcv} carries it out.
 */
public sealed interface KernelAction {
    /** The callback returns err (0: acked only if NLM_F_ACK), with an extended-ack message or null. */
    record Done(Errno err, String extack) implements KernelAction {
        public static final Done OK = new Done(Errno.ERRNO_UNSPECIFIED, null);

        public static Done of(Errno e) {
            return new Done(e, null);
        }
    }

    /** A family service holding a handler: where it answers and which instance it is. */
    record Target(String address, String instanceId) {}

    /** rtnl doit on the service holding the row. */
    record Doit(Target target) implements KernelAction {}

    /** netlink_dump_start with these dumpits, one after another (several for rtnl_dump_all). */
    record Dumpit(List<Target> targets, boolean sockDiag) implements KernelAction {}

    /** netlink_dump_start of netlink_diag_dump: AF_NETLINK's handler is netlink-service's own ({@link NetlinkDiag}). */
    record NetlinkDiagDump() implements KernelAction {}

    /** A SOCK_DIAG_BY_FAMILY request for one socket (inet_diag_cmd_exact): replies, then the ack. */
    record DiagExact(Target target) implements KernelAction {}
}
