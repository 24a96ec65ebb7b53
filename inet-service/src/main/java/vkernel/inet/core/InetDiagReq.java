package vkernel.inet.core;

import vkernel.uapi.netlink.Le;

/**
 * struct inet_diag_req_v2 (include/uapi/linux/inet_diag.h), parsed once: what
 * SOCK_DIAG_BY_FAMILY asks of AF_INET, and the request attributes after it
 * (inet_diag_parse_attrs). Ports are host order, addresses host-order ints (the wire
 * carries both big-endian). The cookie is the two u32 halves as sent.
 */
public record InetDiagReq(int family, int protocol, int ext, int rawProtocol, int states, int sport, int dport,
        int src, int dst, int ifindex, int cookieLo, int cookieHi, byte[] bytecode, int reqProtocol) {
    /** sizeof(struct inet_diag_req_v2). */
    public static final int SIZE = 56;
    /** INET_DIAG_NOCOOKIE: the cookie half that means "any sock". */
    public static final int INET_DIAG_NOCOOKIE = 0xffffffff;

    /** enum inet_diag_req attributes. */
    static final int INET_DIAG_REQ_BYTECODE = 1;
    static final int INET_DIAG_REQ_PROTOCOL = 3;

    /**
     * The request in a whole message (nlmsghdr first), whose payload is at least
     * {@link #SIZE}; null when an attribute is malformed (INET_DIAG_REQ_PROTOCOL of the
     * wrong length), which inet_diag_parse_attrs answers EINVAL.
     */
    static InetDiagReq parse(byte[] msg, int msgLen) {
        int p = 16;
        int family = msg[p] & 0xff;
        int protocol = msg[p + 1] & 0xff;
        int ext = msg[p + 2] & 0xff;
        int rawProtocol = msg[p + 3] & 0xff;
        int states = Le.s32(msg, p + 4);
        int sport = be16(msg, p + 8);
        int dport = be16(msg, p + 10);
        int src = be32(msg, p + 12);
        int dst = be32(msg, p + 28);
        int ifindex = Le.s32(msg, p + 44);
        int cookieLo = Le.s32(msg, p + 48);
        int cookieHi = Le.s32(msg, p + 52);
        byte[] bytecode = null;
        int reqProtocol = -1;
        // nlmsg_for_each_attr over what follows the request: a bad length ends the walk.
        int off = p + SIZE;
        while (off + 4 <= msgLen) {
            int len = Le.u16(msg, off);
            int type = Le.u16(msg, off + 2) & 0x3fff;
            if (len < 4 || off + len > msgLen) {
                break;
            }
            if (type == INET_DIAG_REQ_PROTOCOL) {
                if (len - 4 != 4) {
                    return null;
                }
                reqProtocol = Le.s32(msg, off + 4);
            } else if (type == INET_DIAG_REQ_BYTECODE) {
                bytecode = java.util.Arrays.copyOfRange(msg, off + 4, off + len);
            }
            off += (len + 3) & ~3;
        }
        return new InetDiagReq(family, protocol, ext, rawProtocol, states, sport, dport, src, dst, ifindex, cookieLo,
                cookieHi, bytecode, reqProtocol);
    }

    /** inet_diag_get_protocol: INET_DIAG_REQ_PROTOCOL when given, else sdiag_protocol. */
    public int effectiveProtocol() {
        return reqProtocol >= 0 ? reqProtocol : protocol;
    }

    /** Whether an ext bit (1 << (attr - 1)) was asked for. */
    public boolean wants(int attr) {
        return (ext & (1 << (attr - 1))) != 0;
    }

    /** sock_diag_check_cookie: both halves INET_DIAG_NOCOOKIE, or the sock's cookie. */
    public boolean cookieMatches(long cookie) {
        if (cookieLo == INET_DIAG_NOCOOKIE && cookieHi == INET_DIAG_NOCOOKIE) {
            return true;
        }
        return cookieLo == (int) cookie && cookieHi == (int) (cookie >>> 32);
    }

    static int be16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int be32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }
}
