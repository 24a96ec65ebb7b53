package vkernel.inet.core.raw;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.InetDiag;
import vkernel.inet.core.InetDiagMsg;
import vkernel.inet.core.InetDiagReq;

/**
 * raw_diag (net/ipv4/raw_diag.c): the hashed raw socks of a namespace (those made with a
 * protocol) for inet_diag. There is no state filter for raw socks; the id's ports are the
 * protocol (inet_sport = htons(protocol)) and, once connected, the peer's.
 */
public final class RawDiag {
    private RawDiag() {}

    /** raw_diag_dump: slot by slot (protocol &amp; 255), each slot newest first. */
    public static Errno dump(vkernel.inet.core.Net net, InetDiag.Ctx c) {
        InetDiagReq r = c.req();
        java.util.List<RawSock> socks = new java.util.ArrayList<>(net.rawHashinfo().socks);
        socks.sort(java.util.Comparator.comparingInt(sk -> sk.inetNum & 0xff)); // stable: newest first within a slot
        for (RawSock sk : socks) {
            if ((r.sport() != 0 && r.sport() != sk.inetSport) || (r.dport() != 0 && r.dport() != sk.inetDport)) {
                continue;
            }
            if (c.bcPasses(InetDiag.Ctx.entry(sk))) {
                c.add(fill(c, sk));
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /**
     * raw_diag_dump_one (raw_sock_get): the first sock of the request's raw protocol
     * (sdiag_raw_protocol) bound to the id's src (or any) and connected to its dst (or not).
     */
    public static Errno dumpOne(vkernel.inet.core.Net net, InetDiag.Ctx c) {
        InetDiagReq r = c.req();
        for (RawSock sk : net.rawHashinfo().socks) {
            if (sk.inetNum != r.rawProtocol()) {
                continue;
            }
            boolean laddr = sk.inetRcvSaddr == 0 || sk.inetRcvSaddr == r.src();
            boolean raddr = sk.inetDaddr == 0 || sk.inetDaddr == r.dst();
            boolean dif = sk.boundDevIf == 0 || sk.boundDevIf == r.ifindex();
            if (laddr && raddr && dif) {
                if (!r.cookieMatches(InetDiag.cookie(sk))) {
                    return Errno.ERRNO_ENOENT;
                }
                c.add(fill(c, sk));
                return Errno.ERRNO_UNSPECIFIED;
            }
        }
        return Errno.ERRNO_ENOENT;
    }

    /** inet_sk_diag_fill with raw_diag_get_info's queues. */
    private static byte[] fill(InetDiag.Ctx c, RawSock sk) {
        int[] meminfo = {sk.rmemAlloc, 0, 0, 0};
        int[] skmeminfo = {sk.rmemAlloc, sk.rcvbuf, 0, sk.sndbuf, 0, 0, 0, 0, 0};
        return c.fill(sk, sk.state, InetDiag.cookie(sk),
                new InetDiagMsg.Info(0, 0, 0, sk.rmemAlloc, 0, false, null, null, meminfo, skmeminfo));
    }
}
