package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.InetDiag;
import vkernel.inet.core.InetDiagMsg;
import vkernel.inet.core.InetDiagReq;
import vkernel.inet.core.Net;
import vkernel.inet.core.SockCommon;

/**
 * tcp_diag (net/ipv4/tcp_diag.c): the TCP socks of a namespace for inet_diag. A dump
 * walks the listening hash, then the bound-but-inactive socks, then the established hash
 * (TIME_WAIT and request socks included), as tcp_diag_dump does.
 */
public final class TcpDiag {
    /** TCP_BOUND_INACTIVE: the state bit ss asks for bound, unconnected, not listening socks. */
    static final int TCP_BOUND_INACTIVE = 13;
    /** TCP_CA_NAME of the one congestion control we model. */
    private static final String CONG = "cubic";

    private TcpDiag() {}

    /** tcp_diag_dump. */
    public static Errno dump(Net net, InetDiag.Ctx c) {
        InetDiagReq r = c.req();
        int states = r.states();
        InetHashinfo h = net.tcpHashinfo();
        if ((states & f(TCP_SYN_RECV)) != 0) {
            states |= f(TCP_NEW_SYN_RECV);
        }
        if ((states & f(TCP_LISTEN)) != 0 && r.dport() == 0) {
            List<Integer> ports = new ArrayList<>(h.lhash.keySet());
            ports.sort(Comparator.naturalOrder());
            for (int port : ports) {
                for (TcpSock sk : h.lhash.get(port)) {
                    if (r.sport() != 0 && r.sport() != sk.inetNum) {
                        continue;
                    }
                    if (c.bcPasses(InetDiag.Ctx.entry(sk))) {
                        c.add(full(c, sk));
                    }
                }
            }
        }
        if ((states & (1 << TCP_BOUND_INACTIVE)) != 0) {
            List<Integer> ports = new ArrayList<>(h.bhash.keySet());
            ports.sort(Comparator.naturalOrder());
            for (int port : ports) {
                for (SockCommon s : h.bhash.get(port).owners) {
                    if (!(s instanceof TcpSock sk) || sk.state != TCP_CLOSE) {
                        continue;
                    }
                    if ((r.sport() != 0 && r.sport() != sk.inetNum) || (r.dport() != 0 && r.dport() != sk.inetDport)) {
                        continue;
                    }
                    if (c.bcPasses(InetDiag.Ctx.entry(sk))) {
                        c.add(c.fill(sk, sk.state, InetDiag.cookie(sk), info(c, sk, false))); // reported as TCP_CLOSE
                    }
                }
            }
        }
        if ((states & ~(f(TCP_LISTEN) | 1 << TCP_BOUND_INACTIVE)) == 0) {
            return Errno.ERRNO_UNSPECIFIED;
        }
        for (SockCommon s : new ArrayList<>(h.ehash.values())) {
            int state = s instanceof InetTimewaitSock tw ? tw.substate : s.skcState();
            if ((states & f(state)) == 0) {
                continue;
            }
            if ((r.sport() != 0 && r.sport() != s.skcNum()) || (r.dport() != 0 && r.dport() != s.skcDport())) {
                continue;
            }
            boolean passes = s instanceof TcpSock sk ? c.bcPasses(InetDiag.Ctx.entry(sk))
                    : c.bcPasses(InetDiag.Ctx.entry(s));
            if (passes) {
                c.add(diagFill(c, net, s));
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** tcp_diag_dump_one: inet_diag_find_one_icsk, the established hash before the listeners. */
    public static Errno dumpOne(Net net, InetDiag.Ctx c) {
        InetDiagReq r = c.req();
        InetHashinfo h = net.tcpHashinfo();
        SockCommon s = h.lookupEstablished(r.dst(), r.dport(), r.src(), r.sport());
        if (s == null) {
            s = h.lookupListener(r.dst(), r.dport(), r.src(), r.sport());
        }
        if (s == null || (r.ifindex() != 0 && s.skcBoundDevIf() != 0 && s.skcBoundDevIf() != r.ifindex())) {
            return Errno.ERRNO_ENOENT;
        }
        if (!r.cookieMatches(cookie(s))) {
            return Errno.ERRNO_ENOENT;
        }
        c.add(diagFill(c, net, s));
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** sk_diag_fill: the TIME_WAIT and request socks have their own short forms. */
    private static byte[] diagFill(InetDiag.Ctx c, Net net, SockCommon s) {
        if (s instanceof InetTimewaitSock tw) {
            int expires = (int) net.millisUntil(Net.deadline(tw.timer));
            return c.fillMini(tw, tw.substate, 3, 0, expires, cookie(tw));
        }
        if (s instanceof RequestSock req) {
            return c.fillMini(req, TCP_SYN_RECV, 1, 0, 0, cookie(req));
        }
        return full(c, (TcpSock) s);
    }

    private static long cookie(SockCommon s) {
        return s instanceof TcpSock sk ? InetDiag.cookie(sk) : 1L << 32 | System.identityHashCode(s);
    }

    private static byte[] full(InetDiag.Ctx c, TcpSock sk) {
        return c.fill(sk, sk.state, InetDiag.cookie(sk), info(c, sk, true));
    }

    /** The icsk timers (inet_sk_diag_fill) and tcp_diag_get_info's queues. */
    private static InetDiagMsg.Info info(InetDiag.Ctx c, TcpSock sk, boolean icsk) {
        int timer = 0;
        int retrans = 0;
        int expires = 0;
        long rto = Net.deadline(sk.retransmitTimer);
        long fw2 = Net.deadline(sk.finWait2Timer);
        if (icsk && rto != 0) {
            timer = 1;
            retrans = sk.retransmits;
            expires = (int) sk.net.millisUntil(rto);
        } else if (icsk && fw2 != 0) {
            timer = 2;
            expires = (int) sk.net.millisUntil(fw2);
        }
        int rqueue;
        int wqueue;
        if (sk.state == TCP_LISTEN) {
            rqueue = sk.ackBacklog;
            wqueue = sk.maxAckBacklog;
        } else {
            rqueue = Math.max(0, (int) (sk.rcvNxt - sk.copiedSeq));
            wqueue = sk.writeQueue.size();
        }
        int rmem = sk.rcvQueue.size();
        int wmemQueued = sk.wmemQueued();
        int[] meminfo = {rmem, wmemQueued, 0, 0};
        int[] skmeminfo = {rmem, sk.rcvbuf, 0, sk.sndbuf, 0, wmemQueued, 0, 0, 0};
        byte[] tcpInfo = c.req().wants(InetDiagMsg.INET_DIAG_INFO) ? TcpInfo.get(sk) : null;
        return new InetDiagMsg.Info(timer, retrans, expires, rqueue, wqueue, icsk, tcpInfo, CONG, meminfo, skmeminfo);
    }
}
