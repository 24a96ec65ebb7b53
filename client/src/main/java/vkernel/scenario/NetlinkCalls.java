package vkernel.scenario;

import static vkernel.uapi.Netlink.NLM_F_ACK;
import static vkernel.uapi.Netlink.NLM_F_CREATE;
import static vkernel.uapi.Netlink.NLM_F_DUMP;
import static vkernel.uapi.Netlink.NLM_F_EXCL;
import static vkernel.uapi.Netlink.NLM_F_REQUEST;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.sdk.CallInterruptedException;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.RtAttr;
import vkernel.uapi.netlink.RtMsg;

/**
 * nlroute, nldump and nlrecv: sendmsg/recvmsg of real netlink bytes to the kernel
 * (portid 0), built and read as iproute2 does. Sequence numbers count from 1 per
 * socket, known by its inode so that dup'ed fds share one counter.
 */
final class NetlinkCalls {
    /** recvmsg buffer: netlink_dump never builds a datagram past 32 KiB. */
    static final int RECV_LEN = 32768;
    private static final SockAddr KERNEL = SockAddr.netlink(0, 0);

    /** Per process, per socket: the last sequence number used. */
    private final Map<String, Integer> seqs = new HashMap<>();

    /** nlroute FD add|del ...: the bytes sent. */
    String nlroute(String proc, Task t, int fd, Statement.Route r) {
        return Long.toString(t.sendmsg(fd, routeRequest(r, nextSeq(proc, t, fd)), 0, KERNEL));
    }

    /** nldump FD: "N ROUTE;ROUTE..." sorted, or "-1 ERRNAME" for an error the kernel answered. */
    String nldump(String proc, Task t, int fd) {
        int seq = nextSeq(proc, t, fd);
        t.sendmsg(fd, dumpRequest(seq), 0, KERNEL);
        int self = 0;
        try {
            self = t.getsockname(fd).asNetlink().map(a -> a.portid()).orElse(0);
        } catch (CallInterruptedException e) {
            throw e;
        } catch (ErrnoException e) {
            // as the oracle: a zeroed sockaddr_nl when getsockname fails
        }
        List<String> routes = new ArrayList<>();
        int err = 0;
        boolean done = false;
        while (!done && err == 0) {
            Received r;
            try {
                r = t.recvmsg(fd, RECV_LEN, 0);
            } catch (CallInterruptedException e) {
                throw e;
            } catch (ErrnoException e) {
                err = e.number();
                break;
            }
            if (r.n() == 0) {
                break;
            }
            for (NlMsg m : RouteText.messages(r.data(), r.n())) {
                if (m.header().seq() != seq || m.header().pid() != self) {
                    continue; // not a reply to this dump: read and skipped, as iproute2 does
                }
                if (m.type() == Netlink.NLMSG_DONE) {
                    err = -RouteText.errorOf(m);
                    done = true;
                    break;
                }
                if (m.type() == Netlink.NLMSG_ERROR) {
                    err = -RouteText.errorOf(m);
                    if (err != 0) {
                        break;
                    }
                } else if (m.type() == Rtnetlink.RTM_NEWROUTE) {
                    routes.add(RouteText.route(m));
                }
            }
        }
        if (err != 0) {
            return "-1 " + RouteText.errnoName(err);
        }
        Collections.sort(routes);
        return routes.size() + (routes.isEmpty() ? "" : " " + String.join(";", routes));
    }

    /** nlrecv FD: one datagram, every message decoded. */
    String nlrecv(Task t, int fd) {
        Received r = t.recvmsg(fd, RECV_LEN, 0);
        return RouteText.datagram(r.data(), r.n());
    }

    /** RTM_NEWROUTE (REQUEST|ACK|CREATE|EXCL) or RTM_DELROUTE (REQUEST|ACK), as iproute2 builds it. */
    static byte[] routeRequest(Statement.Route r, int seq) {
        long table = r.table().orElse(Rtnetlink.RT_TABLE_MAIN);
        int flags = NLM_F_REQUEST | NLM_F_ACK | (r.add() ? NLM_F_CREATE | NLM_F_EXCL : 0);
        int scope = r.gateway().isPresent() ? Rtnetlink.RT_SCOPE_UNIVERSE : Rtnetlink.RT_SCOPE_LINK;
        RtMsg rtm = new RtMsg(Socket.AF_INET, r.dstLen(), 0, 0, table < 256 ? (int) table : Rtnetlink.RT_TABLE_UNSPEC,
                Rtnetlink.RTPROT_STATIC, scope, Rtnetlink.RTN_UNICAST, 0);
        NlMsgBuilder b = new NlMsgBuilder(r.add() ? Rtnetlink.RTM_NEWROUTE : Rtnetlink.RTM_DELROUTE, flags, seq, 0)
                .rtmsg(rtm).attr(RtAttr.inAddr(Rtnetlink.RTA_DST, r.dst()));
        r.gateway().ifPresent(gw -> b.attr(RtAttr.inAddr(Rtnetlink.RTA_GATEWAY, gw)));
        r.dev().ifPresent(dev -> b.attrU32(Rtnetlink.RTA_OIF, (int) dev));
        if (table >= 256) {
            b.attrU32(Rtnetlink.RTA_TABLE, (int) table);
        }
        return b.build();
    }

    /** RTM_GETROUTE with NLM_F_DUMP for AF_INET. */
    static byte[] dumpRequest(int seq) {
        return new NlMsgBuilder(Rtnetlink.RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq, 0)
                .rtmsg(RtMsg.ofFamily(Socket.AF_INET)).build();
    }

    /**
     * The next sequence number of the socket behind {@code fd}, from 1. A bad fd gets 1
     * without a counter (the send then fails); a kernel without fstat counts per fd.
     */
    private int nextSeq(String proc, Task t, int fd) {
        String key;
        try {
            key = proc + "/ino:" + t.fstat(fd).ino();
        } catch (CallInterruptedException e) {
            throw e;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ERRNO_ENOSYS) {
                return 1;
            }
            key = proc + "/fd:" + fd;
        }
        return seqs.merge(key, 1, Integer::sum);
    }
}
