package vkernel.netlink.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.netlink.core.RtnlHandlerClient.DumpResult;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * netlink_diag (net/netlink/diag.c): the AF_NETLINK sock_diag handler. netlink-service
 * owns nl_table, so this one is served in-process rather than registered over gRPC. A
 * dump lists, per protocol (one, or all with NDIAG_PROTO_ALL), the hash of bound socks
 * (the namespace's kernel sock among them, portid 0), then the protocol's mc_list. The
 * mc_list walk skips socks for which sk_hashed() holds, but that tests sk_node, which
 * netlink never links (its hash is nlk->node): a bound sock in a group is listed twice,
 * as on Linux 6.18. Linux walks an rhashtable whose order differs per boot; here the
 * kernel sock comes first, then the bound socks by portid.
 */
public final class NetlinkDiag {
    /** sizeof(struct netlink_diag_req). */
    public static final int NETLINK_DIAG_REQ_SIZE = 20;
    /** sizeof(struct netlink_diag_msg). */
    public static final int NETLINK_DIAG_MSG_SIZE = 28;
    public static final int NDIAG_PROTO_ALL = 255;

    public static final int NDIAG_SHOW_MEMINFO = 0x1;
    public static final int NDIAG_SHOW_GROUPS = 0x2;
    public static final int NDIAG_SHOW_RING_CFG = 0x4; // rings are gone: nothing to show
    public static final int NDIAG_SHOW_FLAGS = 0x8;

    /** NETLINK_DIAG_* attributes. */
    public static final int NETLINK_DIAG_MEMINFO = 0;
    public static final int NETLINK_DIAG_GROUPS = 1;
    public static final int NETLINK_DIAG_FLAGS = 4;

    public static final int NDIAG_FLAG_CB_RUNNING = 0x1;
    public static final int NDIAG_FLAG_PKTINFO = 0x2;
    public static final int NDIAG_FLAG_BROADCAST_ERROR = 0x4;
    public static final int NDIAG_FLAG_NO_ENOBUFS = 0x8;
    public static final int NDIAG_FLAG_LISTEN_ALL_NSID = 0x10;
    public static final int NDIAG_FLAG_CAP_ACK = 0x20;

    /** SK_MEMINFO_VARS of Linux 6.18 (rmem_alloc … drops). */
    static final int SK_MEMINFO_VARS = 9;

    private NetlinkDiag() {}

    /**
     * netlink_diag_handler_dump: a short request is EINVAL, one without NLM_F_DUMP
     * EOPNOTSUPP (there is no single-sock lookup); otherwise the dump starts.
     */
    static KernelAction handlerDump(NlMsgHdr h) {
        if (h.payloadLength() < NETLINK_DIAG_REQ_SIZE) {
            return KernelAction.Done.of(Errno.ERRNO_EINVAL);
        }
        if ((h.flags() & Netlink.NLM_F_DUMP) == 0) {
            return KernelAction.Done.of(Errno.ERRNO_EOPNOTSUPP);
        }
        return new KernelAction.NetlinkDiagDump();
    }

    /**
     * netlink_diag_dump run to its end: every message at once (the callback hands them
     * out an skb at a time). requester is the dumping sock, whose cb is already set
     * (NDIAG_FLAG_CB_RUNNING) and whose dump skb of dumpTruesize is already charged to it.
     */
    static DumpResult dump(NlTable table, long netns, byte[] request, NetlinkSock requester, int dumpTruesize) {
        NlMsgHdr h = NlMsgHdr.peek(request, 0);
        int protocol = request[NlMsgHdr.SIZE + 1] & 0xff;
        int show = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).getInt(NlMsgHdr.SIZE + 8);
        Fill f = new Fill(h.seq(), requester.portid, show, requester, dumpTruesize);
        List<byte[]> out = new ArrayList<>();
        if (protocol == NDIAG_PROTO_ALL) {
            for (int p = 0; p < Netlink.MAX_LINKS; p++) {
                protocolDump(table, netns, p, f, out);
            }
        } else if (protocol >= Netlink.MAX_LINKS) {
            return new DumpResult(Errno.ERRNO_ENOENT, out); // NLMSG_DONE carries -ENOENT
        } else {
            protocolDump(table, netns, protocol, f, out);
        }
        return new DumpResult(Errno.ERRNO_UNSPECIFIED, out);
    }

    /** __netlink_diag_dump: the hash, then mc_list (newest first: sk_add_bind_node adds at the head). */
    private static void protocolDump(NlTable table, long netns, int protocol, Fill f, List<byte[]> out) {
        if (NetlinkProtocols.get(protocol).hasKernelSocket(netns)) {
            out.add(f.kernelSock(protocol));
        }
        List<NetlinkSock> bound = table.hashed(netns, protocol);
        bound.sort(Comparator.comparingInt(sk -> sk.portid));
        for (NetlinkSock sk : bound) {
            out.add(f.sock(sk));
        }
        List<NetlinkSock> mc = table.mcList(netns, protocol);
        for (int i = mc.size() - 1; i >= 0; i--) {
            out.add(f.sock(mc.get(i)));
        }
    }

    /** sk_diag_fill's fixed arguments: the request's seq and show, the requester. */
    private record Fill(int seq, int portid, int show, NetlinkSock requester, int dumpTruesize) {
        /** sk_diag_fill of a user sock. */
        byte[] sock(NetlinkSock sk) {
            int rmem = sk.rmemAlloc + (sk == requester ? dumpTruesize : 0);
            return fill(sk.type, sk.protocol, sk.state, sk.portid, sk.dstPortid, sk.dstGroup, sk.ino, sk.id,
                    sk.groups, rmem, sk.rcvbuf, sk.sndbuf, (int) sk.drops, diagFlags(sk));
        }

        /**
         * sk_diag_fill of the namespace's kernel sock: SOCK_DGRAM (sock_create_lite), never
         * bound to groups, default buffers. vkernel gives it no inode and no cookie.
         */
        byte[] kernelSock(int protocol) {
            return fill(Socket.SOCK_DGRAM, protocol, NetlinkSock.TCP_CLOSE, 0, 0, 0, 0, 0, null, 0,
                    vkernel.net.core.Sysctl.RMEM_DEFAULT, vkernel.net.core.Sysctl.WMEM_DEFAULT, 0, 0);
        }

        private byte[] fill(int type, int protocol, int state, int skPortid, int dstPortid, int dstGroup, long ino,
                long cookie, long[] groups, int rmem, int rcvbuf, int sndbuf, int drops, int flags) {
            ByteBuffer rep = ByteBuffer.allocate(NETLINK_DIAG_MSG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            rep.put((byte) Socket.AF_NETLINK).put((byte) type).put((byte) protocol).put((byte) state);
            rep.putInt(skPortid).putInt(dstPortid).putInt(dstGroup).putInt((int) ino);
            rep.putInt((int) cookie).putInt((int) (cookie >>> 32)); // sock_diag_save_cookie: low half first
            NlMsgBuilder b = new NlMsgBuilder(vkernel.uapi.SockDiag.SOCK_DIAG_BY_FAMILY, Netlink.NLM_F_MULTI, seq,
                    portid).fixed(rep.array());
            if ((show & NDIAG_SHOW_GROUPS) != 0 && groups != null) {
                // NLGRPSZ(ngroups): the bitmap in whole 64-bit words
                ByteBuffer g = ByteBuffer.allocate(groups.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                for (long w : groups) {
                    g.putLong(w);
                }
                b.attr(NETLINK_DIAG_GROUPS, g.array());
            }
            if ((show & NDIAG_SHOW_MEMINFO) != 0) {
                // sk_get_meminfo: rmem_alloc, rcvbuf, wmem_alloc, sndbuf, fwd_alloc, wmem_queued,
                // optmem, backlog, drops; netlink sends synchronously, so nothing is ever in flight.
                ByteBuffer m = ByteBuffer.allocate(SK_MEMINFO_VARS * 4).order(ByteOrder.LITTLE_ENDIAN);
                m.putInt(rmem).putInt(rcvbuf).putInt(0).putInt(sndbuf).putInt(0).putInt(0).putInt(0).putInt(0)
                        .putInt(drops);
                b.attr(NETLINK_DIAG_MEMINFO, m.array());
            }
            if ((show & NDIAG_SHOW_FLAGS) != 0) {
                b.attrU32(NETLINK_DIAG_FLAGS, flags);
            }
            return b.build();
        }
    }

    /** sk_diag_put_flags. */
    static int diagFlags(NetlinkSock sk) {
        int f = 0;
        if (sk.cb != null) {
            f |= NDIAG_FLAG_CB_RUNNING;
        }
        if (sk.flag(NetlinkSock.NETLINK_F_RECV_PKTINFO)) {
            f |= NDIAG_FLAG_PKTINFO;
        }
        if (sk.flag(NetlinkSock.NETLINK_F_BROADCAST_SEND_ERROR)) {
            f |= NDIAG_FLAG_BROADCAST_ERROR;
        }
        if (sk.flag(NetlinkSock.NETLINK_F_RECV_NO_ENOBUFS)) {
            f |= NDIAG_FLAG_NO_ENOBUFS;
        }
        if (sk.flag(NetlinkSock.NETLINK_F_LISTEN_ALL_NSID)) {
            f |= NDIAG_FLAG_LISTEN_ALL_NSID;
        }
        if (sk.flag(NetlinkSock.NETLINK_F_CAP_ACK)) {
            f |= NDIAG_FLAG_CAP_ACK;
        }
        return f;
    }
}
