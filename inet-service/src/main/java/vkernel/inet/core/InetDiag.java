package vkernel.inet.core;

import java.util.ArrayList;
import java.util.List;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.raw.RawDiag;
import vkernel.inet.core.tcp.TcpDiag;
import vkernel.inet.core.udp.UdpDiag;
import vkernel.uapi.Capability;
import vkernel.uapi.In;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockDiag;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * The AF_INET sock_diag handler (net/ipv4/inet_diag.c: inet_diag_handler_cmd): a
 * SOCK_DIAG_BY_FAMILY dump walks the table of the protocol asked for (tcp_diag.c,
 * udp_diag.c, raw_diag.c) in the requester's namespace and answers one inet_diag_msg per
 * sock that passes the state filter, the id's ports and the bytecode; an exact request
 * answers the one sock its id names. The caller holds the namespace's lock.
 */
public final class InetDiag {
    /** A handler's table: inet_diag_table[] rows. */
    private static final int IPPROTO_RAW = 255;

    /**
     * What to answer: the messages (whole, the request's seq and the requester's portid),
     * and the errno. A {@code startFailed} errno is the dump's start refusing (netlink acks
     * it as NLMSG_ERROR); any other ends the dump in NLMSG_DONE, or is the exact request's ack.
     */
    public record Result(Errno errno, List<byte[]> messages, boolean startFailed) {
        static Result start(Errno e) {
            return new Result(e, List.of(), true);
        }
    }

    /** The request being answered and where its answers go. */
    public record Ctx(InetDiagReq req, int type, int flags, int seq, int portid, boolean netAdmin, List<byte[]> out) {
        /** inet_diag_bc_sk: no bytecode passes everything. */
        public boolean bcPasses(InetDiagBc.Entry e) {
            return req.bytecode() == null || InetDiagBc.run(req.bytecode(), e);
        }

        /** The entry of a full sock. */
        public static InetDiagBc.Entry entry(InetSock sk) {
            return new InetDiagBc.Entry(sk.family, sk.inetRcvSaddr, sk.inetDaddr, sk.inetNum, sk.inetDport, sk.userlocks,
                    sk.boundDevIf, sk.mark);
        }

        /** The entry of a TIME_WAIT or request sock: no userlocks, no mark. */
        public static InetDiagBc.Entry entry(SockCommon sk) {
            return new InetDiagBc.Entry(vkernel.uapi.Socket.AF_INET, sk.skcRcvSaddr(), sk.skcDaddr(), sk.skcNum(),
                    sk.skcDport(), 0, sk.skcBoundDevIf(), 0);
        }

        public void add(byte[] msg) {
            out.add(msg);
        }

        public byte[] fill(InetSock sk, int state, long cookie, InetDiagMsg.Info info) {
            return InetDiagMsg.fill(this, sk, state, cookie, info);
        }

        public byte[] fillMini(SockCommon sk, int state, int timer, int retrans, int expires, long cookie) {
            return InetDiagMsg.fillMini(this, sk, state, timer, retrans, expires, cookie);
        }
    }

    private InetDiag() {}

    /** The cookie of a full sock (sock_gen_cookie): its handle, which no other sock ever had. */
    public static long cookie(InetSock sk) {
        return sk.id;
    }

    /** inet_diag_handler_cmd for one whole SOCK_DIAG_BY_FAMILY message. */
    static Result handlerCmd(Net net, Cred cred, byte[] msg, int portid) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null || h.length() > msg.length || h.length() < NlMsgHdr.SIZE) {
            return Result.start(Errno.ERRNO_EINVAL);
        }
        if (h.payloadLength() < InetDiagReq.SIZE) {
            return Result.start(Errno.ERRNO_EINVAL);
        }
        boolean dump = h.type() == SockDiag.SOCK_DIAG_BY_FAMILY && (h.flags() & Netlink.NLM_F_DUMP) != 0;
        InetDiagReq req = InetDiagReq.parse(msg, (int) h.length());
        if (req == null) {
            return Result.start(Errno.ERRNO_EINVAL);
        }
        boolean netAdmin = Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN);
        List<byte[]> out = new ArrayList<>();
        if (dump) {
            // __inet_diag_dump_start: the program is checked before anything is dumped.
            if (req.bytecode() != null) {
                Errno e = InetDiagBc.audit(req.bytecode(), netAdmin);
                if (e != Errno.ERRNO_UNSPECIFIED) {
                    return Result.start(e);
                }
            }
            Ctx c = new Ctx(req, h.type(), Netlink.NLM_F_MULTI, h.seq(), portid, netAdmin, out);
            if (req.family() != vkernel.uapi.Socket.AF_INET && handlerFor(req)) {
                // inet_diag_dump_icsk and the others skip a sock of another family: every sock here is AF_INET
                return new Result(Errno.ERRNO_UNSPECIFIED, out, false);
            }
            Errno e = switch (req.effectiveProtocol()) {
                case In.IPPROTO_TCP -> TcpDiag.dump(net, c);
                case In.IPPROTO_UDP -> UdpDiag.dump(net.udpTable(), c);
                case Net.IPPROTO_UDPLITE -> UdpDiag.dump(net.udpliteTable(), c);
                case IPPROTO_RAW -> RawDiag.dump(net, c);
                default -> Errno.ERRNO_ENOENT; // inet_diag_lock_handler: no such handler
            };
            return new Result(e, out, false);
        }
        if (h.type() != SockDiag.SOCK_DIAG_BY_FAMILY) {
            // SOCK_DESTROY: no handler here has a destroy.
            return new Result(handlerFor(req) ? Errno.ERRNO_EOPNOTSUPP : Errno.ERRNO_ENOENT, out, false);
        }
        Ctx c = new Ctx(req, h.type(), 0, h.seq(), portid, netAdmin, out);
        if (req.family() != vkernel.uapi.Socket.AF_INET) {
            return new Result(Errno.ERRNO_ENOENT, out, false); // no AF_INET6 sock to find
        }
        Errno e = switch (req.effectiveProtocol()) {
            case In.IPPROTO_TCP -> TcpDiag.dumpOne(net, c);
            case In.IPPROTO_UDP -> UdpDiag.dumpOne(net.udpTable(), c);
            case Net.IPPROTO_UDPLITE -> UdpDiag.dumpOne(net.udpliteTable(), c);
            case IPPROTO_RAW -> RawDiag.dumpOne(net, c);
            default -> Errno.ERRNO_ENOENT;
        };
        return new Result(e, out, false);
    }

    private static boolean handlerFor(InetDiagReq req) {
        int p = req.effectiveProtocol();
        return p == In.IPPROTO_TCP || p == In.IPPROTO_UDP || p == Net.IPPROTO_UDPLITE || p == IPPROTO_RAW;
    }
}
