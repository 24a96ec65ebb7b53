package vkernel.inet.core;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;

/**
 * The filter bytecode of INET_DIAG_REQ_BYTECODE (net/ipv4/inet_diag.c): checked once when
 * the dump starts (inet_diag_bc_audit), then run on every sock (inet_diag_bc_run). Ops are
 * struct inet_diag_bc_op {code, yes, no}: yes and no are byte offsets to jump by.
 */
public final class InetDiagBc {
    static final int INET_DIAG_BC_NOP = 0;
    static final int INET_DIAG_BC_JMP = 1;
    static final int INET_DIAG_BC_S_GE = 2;
    static final int INET_DIAG_BC_S_LE = 3;
    static final int INET_DIAG_BC_D_GE = 4;
    static final int INET_DIAG_BC_D_LE = 5;
    static final int INET_DIAG_BC_AUTO = 6;
    static final int INET_DIAG_BC_S_COND = 7;
    static final int INET_DIAG_BC_D_COND = 8;
    static final int INET_DIAG_BC_DEV_COND = 9;
    static final int INET_DIAG_BC_MARK_COND = 10;
    static final int INET_DIAG_BC_S_EQ = 11;
    static final int INET_DIAG_BC_D_EQ = 12;
    static final int INET_DIAG_BC_CGROUP_COND = 13;

    private static final int OP = 4;
    private static final int HOSTCOND = 8;

    /** struct inet_diag_entry: what the bytecode sees of a sock (host-order ports and addresses). */
    public record Entry(int family, int saddr, int daddr, int sport, int dport, int userlocks, int ifindex, int mark) {}

    private InetDiagBc() {}

    /** inet_diag_bc_audit: EINVAL for a malformed program, EPERM for a mark condition without CAP_NET_ADMIN. */
    static Errno audit(byte[] bc, boolean netAdmin) {
        if (bc.length < OP) {
            return Errno.ERRNO_EINVAL;
        }
        int off = 0;
        int len = bc.length;
        while (len > 0) {
            if (len < OP) {
                return Errno.ERRNO_EINVAL; // a truncated op: the kernel reads past it, we refuse it
            }
            int code = bc[off] & 0xff;
            int yes = bc[off + 1] & 0xff;
            int no = Le.u16(bc, off + 2);
            int minLen = OP;
            switch (code) {
                case INET_DIAG_BC_S_COND, INET_DIAG_BC_D_COND -> {
                    minLen += HOSTCOND;
                    if (len < minLen) {
                        return Errno.ERRNO_EINVAL;
                    }
                    int family = bc[off + OP] & 0xff;
                    int addrLen = switch (family) {
                        case Socket.AF_UNSPEC -> 0;
                        case Socket.AF_INET -> 4;
                        case 10 -> 16; // AF_INET6
                        default -> -1;
                    };
                    if (addrLen < 0) {
                        return Errno.ERRNO_EINVAL;
                    }
                    minLen += addrLen;
                    if (len < minLen || (bc[off + OP + 1] & 0xff) > 8 * addrLen) {
                        return Errno.ERRNO_EINVAL;
                    }
                }
                case INET_DIAG_BC_DEV_COND -> minLen += 4;
                case INET_DIAG_BC_S_EQ, INET_DIAG_BC_S_GE, INET_DIAG_BC_S_LE, INET_DIAG_BC_D_EQ, INET_DIAG_BC_D_GE,
                        INET_DIAG_BC_D_LE -> minLen += OP;
                case INET_DIAG_BC_MARK_COND -> {
                    if (!netAdmin) {
                        return Errno.ERRNO_EPERM;
                    }
                    minLen += 8;
                }
                case INET_DIAG_BC_CGROUP_COND -> minLen += 8;
                case INET_DIAG_BC_AUTO, INET_DIAG_BC_JMP, INET_DIAG_BC_NOP -> { }
                default -> {
                    return Errno.ERRNO_EINVAL;
                }
            }
            if (len < minLen) {
                return Errno.ERRNO_EINVAL;
            }
            if (code != INET_DIAG_BC_NOP) {
                if (no < minLen || no > len + 4 || (no & 3) != 0) {
                    return Errno.ERRNO_EINVAL;
                }
                if (no < len && !validCc(bc, bc.length, len - no)) {
                    return Errno.ERRNO_EINVAL;
                }
            }
            if (yes < minLen || yes > len + 4 || (yes & 3) != 0) {
                return Errno.ERRNO_EINVAL;
            }
            off += yes;
            len -= yes;
        }
        return len == 0 ? Errno.ERRNO_UNSPECIFIED : Errno.ERRNO_EINVAL;
    }

    /** valid_cc: a jump lands on an op boundary (cc bytes before the end). */
    private static boolean validCc(byte[] bc, int len, int cc) {
        int off = 0;
        while (len >= 0) {
            if (cc > len) {
                return false;
            }
            if (cc == len) {
                return true;
            }
            int yes = bc[off + 1] & 0xff;
            if (yes < 4 || (yes & 3) != 0) {
                return false;
            }
            len -= yes;
            off += yes;
        }
        return false;
    }

    /** inet_diag_bc_run on an audited program: whether the sock passes. */
    static boolean run(byte[] bc, Entry e) {
        int off = 0;
        int len = bc.length;
        while (len > 0) {
            int code = bc[off] & 0xff;
            boolean yes = switch (code) {
                case INET_DIAG_BC_NOP -> true;
                case INET_DIAG_BC_JMP -> false;
                case INET_DIAG_BC_S_EQ -> e.sport() == arg(bc, off);
                case INET_DIAG_BC_S_GE -> e.sport() >= arg(bc, off);
                case INET_DIAG_BC_S_LE -> e.sport() <= arg(bc, off);
                case INET_DIAG_BC_D_EQ -> e.dport() == arg(bc, off);
                case INET_DIAG_BC_D_GE -> e.dport() >= arg(bc, off);
                case INET_DIAG_BC_D_LE -> e.dport() <= arg(bc, off);
                case INET_DIAG_BC_AUTO -> (e.userlocks() & InetSock.SOCK_BINDPORT_LOCK) == 0;
                case INET_DIAG_BC_S_COND, INET_DIAG_BC_D_COND -> hostcond(bc, off, code == INET_DIAG_BC_S_COND, e);
                case INET_DIAG_BC_DEV_COND -> Le.s32(bc, off + OP) == e.ifindex();
                case INET_DIAG_BC_MARK_COND -> (e.mark() & Le.s32(bc, off + OP + 4)) == Le.s32(bc, off + OP);
                case INET_DIAG_BC_CGROUP_COND -> false; // every sock is in the root cgroup's id we report (none matches)
                default -> false;
            };
            int step = yes ? bc[off + 1] & 0xff : Le.u16(bc, off + 2);
            len -= step;
            off += step;
        }
        return len == 0;
    }

    /** The port of a comparison: op[1].no. */
    private static int arg(byte[] bc, int off) {
        return Le.u16(bc, off + OP + 2);
    }

    /** struct inet_diag_hostcond {family, prefix_len, int port, addr[]}. */
    private static boolean hostcond(byte[] bc, int off, boolean src, Entry e) {
        int family = bc[off + OP] & 0xff;
        int prefixLen = bc[off + OP + 1] & 0xff;
        int port = Le.s32(bc, off + OP + 4);
        if (port != -1 && port != (src ? e.sport() : e.dport())) {
            return false;
        }
        if (family != Socket.AF_UNSPEC && family != e.family()) {
            return false;
        }
        if (prefixLen == 0) {
            return true;
        }
        int cond = InetDiagReq.be32(bc, off + OP + HOSTCOND);
        int addr = src ? e.saddr() : e.daddr();
        int mask = prefixLen >= 32 ? -1 : -1 << (32 - prefixLen);
        return ((addr ^ cond) & mask) == 0;
    }
}
