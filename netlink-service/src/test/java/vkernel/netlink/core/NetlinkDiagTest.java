package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.root;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/** NetlinkDiag: SOCK_DIAG_BY_FAMILY for AF_NETLINK, as netlink-diag-dump.scn recorded it on Linux 6.18. */
class NetlinkDiagTest {
    private final Kernel k = new Kernel();
    private final Cred a = root(100);
    private final long diag = k.socket(a, Netlink.NETLINK_SOCK_DIAG);

    NetlinkDiagTest() {
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, diag, 5000001, 0));
    }

    private static byte[] request(int seq, int protocol, int show, int flags, int payload) {
        byte[] req = new byte[NetlinkDiag.NETLINK_DIAG_REQ_SIZE];
        req[0] = (byte) Socket.AF_NETLINK;
        req[1] = (byte) protocol;
        Le.put32(req, 8, show);
        return NlMsgBuilder.put(20, flags, seq, 0, java.util.Arrays.copyOf(req, payload));
    }

    private static byte[] dump(int seq, int protocol, int show) {
        return request(seq, protocol, show, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, NetlinkDiag.NETLINK_DIAG_REQ_SIZE);
    }

    /** One sock's message: {type, protocol, state, portid, dst_portid, dst_group, attribute bytes}. */
    private record Msg(int type, int protocol, int state, int portid, int dstPortid, int dstGroup, int attrLen) {}

    /** The messages of one datagram, which must end with NLMSG_DONE carrying done. */
    private List<Msg> dumpOf(byte[] request, int done) {
        byte[] d = k.recvAfter(diag, request).data();
        List<Msg> out = new ArrayList<>();
        int off = 0;
        while (true) {
            NlMsgHdr h = NlMsgHdr.peek(d, off);
            if (h.type() == Netlink.NLMSG_DONE) {
                assertEquals(done, Le.s32(d, off + 16));
                assertEquals(d.length, off + 20, "NLMSG_DONE ends the datagram");
                break;
            }
            assertEquals(List.of(20, Netlink.NLM_F_MULTI, 5000001), List.of(h.type(), h.flags(), h.pid()));
            int p = off + 16;
            assertEquals(Socket.AF_NETLINK, d[p]);
            out.add(new Msg(d[p + 1], d[p + 2], d[p + 3], Le.s32(d, p + 4), Le.s32(d, p + 8), Le.s32(d, p + 12),
                    (int) h.length() - 44));
            off += (int) h.length();
        }
        assertEquals(ERRNO_EAGAIN, k.recv(diag).errno());
        return out;
    }

    @Test
    void boundSocksThenMcListMembersAndDoneInTheSameDatagram() {
        long bound = k.socket(a, Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, bound, 5000002, 0));
        long member = k.socket(a, Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, member, Socket.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, 3));
        assertEquals(List.of(new Msg(3, 2, 7, 5000002, 0, 0, 0), new Msg(3, 2, 7, 0, 0, 0, 0)),
                dumpOf(dump(1, Netlink.NETLINK_USERSOCK, 0), 0));
        // NDIAG_SHOW_GROUPS: a bitmap (NLGRPSZ(32) = 8 bytes) for the member only; MEMINFO 9 u32; FLAGS a u32
        assertEquals(List.of(0, 12), dumpOf(dump(2, Netlink.NETLINK_USERSOCK, NetlinkDiag.NDIAG_SHOW_GROUPS), 0)
                .stream().map(Msg::attrLen).toList());
        assertEquals(List.of(40 + 8, 12 + 40 + 8),
                dumpOf(dump(3, Netlink.NETLINK_USERSOCK, 0xb), 0).stream().map(Msg::attrLen).toList());
        k.af.connect(a, bound, Kernel.nl(5000009, 2), vkernel.kernel.trace.Trace.NONE);
        assertEquals(new Msg(3, 2, 1, 5000002, 5000009, 2, 0), dumpOf(dump(4, Netlink.NETLINK_USERSOCK, 0), 0).get(0));
    }

    @Test
    void theKernelSockComesFirstAndABoundMemberTwice() {
        long s = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 5000005, 1));
        assertEquals(List.of(new Msg(Socket.SOCK_DGRAM, 0, 7, 0, 0, 0, 0), new Msg(3, 0, 7, 5000005, 0, 0, 0),
                new Msg(3, 0, 7, 5000005, 0, 0, 0)), dumpOf(dump(1, Netlink.NETLINK_ROUTE, 0), 0));
    }

    @Test
    void flagsAndMeminfoOfTheRequester() {
        byte[] d = k.recvAfter(diag, dump(1, Netlink.NETLINK_SOCK_DIAG, NetlinkDiag.NDIAG_SHOW_MEMINFO
                | NetlinkDiag.NDIAG_SHOW_FLAGS)).data();
        int second = 92; // the kernel sock's message first: 44 + 40 + 8
        assertEquals(0, Le.s32(d, 44 + 4)); // the kernel sock: nothing queued
        assertEquals(5000001, Le.s32(d, second + 20));
        assertEquals(4352, Le.s32(d, second + 44 + 4), "the dump skb is charged to the requester");
        assertEquals(212992, Le.s32(d, second + 44 + 8));
        assertEquals(NetlinkDiag.NDIAG_FLAG_CB_RUNNING, Le.s32(d, second + 84 + 4));
    }

    @Test
    void protoAllListsEveryKernelSockOfTheNamespace() {
        List<Msg> all = dumpOf(dump(1, NetlinkDiag.NDIAG_PROTO_ALL, 0), 0);
        assertEquals(List.of(0, 4, 4, 6, 9, 10, 12, 15, 16), all.stream().map(Msg::protocol).toList());
    }

    @Test
    void refusedRequests() {
        assertEquals(List.of(), dumpOf(dump(1, 1, 0), 0));
        assertEquals(List.of(), dumpOf(dump(2, Netlink.MAX_LINKS, 0), -ERRNO_ENOENT.getNumber()));
        byte[] noDump = k.recvAfter(diag, request(3, 0, 0, Netlink.NLM_F_REQUEST, 20)).data();
        assertEquals(-ERRNO_EOPNOTSUPP.getNumber(), Le.s32(noDump, 16));
        byte[] shortReq = k.recvAfter(diag, request(4, 0, 0, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 8)).data();
        assertEquals(-ERRNO_EINVAL.getNumber(), Le.s32(shortReq, 16));
    }
}
