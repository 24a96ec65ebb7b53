package vkernel.inet.core.udp;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.InetDiag;
import vkernel.inet.core.InetDiagMsg;
import vkernel.inet.core.InetDiagReq;

/**
 * udp_diag (net/ipv4/udp_diag.c): the hashed (bound) UDP or UDP-Lite socks of a
 * namespace for inet_diag, with the receive queue as rqueue; no icsk, so no timers.
 */
public final class UdpDiag {
    private UdpDiag() {}

    /** udp_dump: slot by slot, the state bitmask and the id's ports filtering. */
    public static Errno dump(UdpTable table, InetDiag.Ctx c) {
        InetDiagReq r = c.req();
        for (UdpSock sk : table.slotOrder()) {
            if ((r.states() & (1 << sk.state)) == 0) {
                continue;
            }
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
     * udp_dump_one: __udp4_lib_lookup with the id's src as the sender and dst as the local
     * end, as the kernel passes them; ENOENT when no sock, or another cookie.
     */
    public static Errno dumpOne(UdpTable table, InetDiag.Ctx c) {
        InetDiagReq r = c.req();
        UdpSock sk = table.lookup(r.src(), r.sport(), r.dst(), r.dport());
        if (sk == null || (r.ifindex() != 0 && sk.boundDevIf != 0 && sk.boundDevIf != r.ifindex())) {
            return Errno.ERRNO_ENOENT;
        }
        if (!r.cookieMatches(InetDiag.cookie(sk))) {
            return Errno.ERRNO_ENOENT;
        }
        c.add(fill(c, sk));
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** inet_sk_diag_fill with udp_diag_get_info's queues. */
    private static byte[] fill(InetDiag.Ctx c, UdpSock sk) {
        int[] meminfo = {sk.rmemAlloc, 0, 0, 0};
        int[] skmeminfo = {sk.rmemAlloc, sk.rcvbuf, 0, sk.sndbuf, 0, 0, 0, 0, 0};
        return c.fill(sk, sk.state, InetDiag.cookie(sk),
                new InetDiagMsg.Info(0, 0, 0, sk.rmemAlloc, 0, false, null, null, meminfo, skmeminfo));
    }
}
