package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.dumpRequest;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.route;

import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.Le;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;

/** netlink_dump_start / netlink_dump framing, as the oracle showed it for RTM_GETROUTE dumps. */
class NetlinkDumpTest {
    private final Kernel k = new Kernel().withInet();
    private final Cred a = root(100);

    private void addRoutes(long s, int n) {
        for (int i = 0; i < n; i++) {
            k.toKernel(a, s, route(24, 100 + i, 10 + i, 0));
            k.recv(s);
        }
    }

    @Test
    void messagesThenDoneInADatagramOfItsOwn() {
        long s = k.socket(a, 0);
        addRoutes(s, 3);
        k.toKernel(a, s, dumpRequest(5, 2));
        AfNetlink.Received data = k.recv(s, 8192, 0);
        assertEquals(3 * 52, data.ret());
        for (int off = 0; off < 156; off += 52) {
            NlMsgHdr h = NlMsgHdr.peek(data.data(), off);
            assertEquals(List.of(24, Netlink.NLM_F_MULTI, 5, 100), List.of(h.type(), h.flags(), h.seq(), h.pid()));
        }
        AfNetlink.Received done = k.recv(s, 8192, 0);
        assertEquals(20, done.ret());
        assertEquals(new NlMsgHdr(20, Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, 5, 100), NlMsgHdr.peek(done.data(), 0));
        assertEquals(0, Le.s32(done.data(), 16));
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    /** netlink_dump_done: the extack text rides in NLMSG_DONE only for a reader that set NETLINK_EXT_ACK. */
    @Test
    void aFailedDumpsDoneCarriesItsExtackWhenTheReaderAskedForIt() {
        k.inet.dumpErrno = ERRNO_ENOENT;
        k.inet.dumpExtack = "ipv4: FIB table does not exist";
        long plain = k.socket(a, 0);
        k.toKernel(a, plain, dumpRequest(1, 2));
        byte[] d = k.recv(plain).data();
        assertEquals(new NlMsgHdr(20, Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI, 1, 100), NlMsgHdr.peek(d, 0));
        assertEquals(-2, Le.s32(d, 16));

        long ext = k.socket(a, 0);
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, ext, Socket.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1));
        k.toKernel(a, ext, dumpRequest(2, 2));
        d = k.recv(ext).data();
        // NLMSG_DONE, NLM_F_MULTI|NLM_F_ACK_TLVS, the int, then NLMSGERR_ATTR_MSG "ipv4: FIB table does not exist\0"
        NlMsgHdr h = NlMsgHdr.peek(d, 0);
        assertEquals(List.of(20 + 4 + 32, Netlink.NLMSG_DONE, Netlink.NLM_F_MULTI | Netlink.NLM_F_ACK_TLVS, 2),
                List.of(h.len(), h.type(), h.flags(), h.seq()));
        assertEquals(-2, Le.s32(d, 16));
        assertEquals(4 + 31, Le.u16(d, 20));
        assertEquals(Netlink.NLMSGERR_ATTR_MSG, Le.u16(d, 22));
        assertEquals("ipv4: FIB table does not exist", new String(d, 24, 30, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void anEmptyDumpIsDoneAlone() {
        long s = k.socket(a, 0);
        k.toKernel(a, s, dumpRequest(1, 2));
        assertEquals(20, k.recv(s).ret());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    @Test
    void aDumpIsNeverAckedAndASecondOneIsEbusy() {
        long s = k.socket(a, 0);
        addRoutes(s, 1);
        byte[] withAck = NlMsgBuilder.put(26, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP | Netlink.NLM_F_ACK, 13, 0,
                Kernel.rtmsg(2, 0, 0));
        k.toKernel(a, s, NlMsgBuilder.datagram(List.of(withAck, dumpRequest(14, 2))));
        assertEquals(52, k.recv(s).ret());
        byte[] busy = k.recv(s).data();
        assertEquals(48, busy.length);
        assertEquals(-ERRNO_EBUSY.getNumber(), Le.s32(busy, 16));
        assertEquals(14, NlMsgHdr.peek(busy, 0).seq());
        assertEquals(Netlink.NLMSG_DONE, NlMsgHdr.peek(k.recv(s).data(), 0).type());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    @Test
    void largeDumpsFillGoodsizeThenTheReadersBuffer() {
        long s = k.socket(a, 0);
        k.inet.extraRoutes = 200; // 200 x 60 bytes
        k.toKernel(a, s, dumpRequest(1, 2));
        AfNetlink.Received first = k.recv(s, 256 * 1024, 0);
        assertEquals(62 * 60, first.ret(), "the first skb is NLMSG_GOODSIZE (3776): 62 messages");
        AfNetlink.Received second = k.recv(s, 256 * 1024, 0);
        assertEquals(138 * 60, second.ret(), "then up to the largest buffer seen (32448)");
        assertEquals(20, k.recv(s, 256 * 1024, 0).ret());
        assertEquals(ERRNO_EAGAIN, k.recv(s).errno());
    }

    @Test
    void aMessageTooBigForTheSkbEndsTheDumpWithEmsgsize() {
        long s = k.socket(a, 0);
        k.setsockopt(a, s, Socket.SOL_SOCKET, Socket.SO_RCVBUF, 1 << 20);
        FakeRouteService big = new FakeRouteService() {
            @Override
            public java.util.concurrent.CompletableFuture<DumpResult> dumpit(String address, Cred cred, byte[] nlmsg,
                    int portid, boolean strictChk, Trace trace) {
                return java.util.concurrent.CompletableFuture.completedFuture(new DumpResult(ERRNO_UNSPECIFIED,
                        List.of(NlMsgBuilder.put(24, 2, 1, portid, new byte[5000]))));
            }
        };
        AfNetlink af = new AfNetlink(k.handlers, big, m -> { }, new java.util.Random(1), () -> k.now);
        long t = af.create(a, Socket.SOCK_RAW, 0, 1, Trace.NONE).sock();
        af.sendmsg(a, t, dumpRequest(1, 2), 0, Kernel.nl(0, 0), false, Trace.NONE).join();
        AfNetlink.Received done = af.recvmsg(t, 100, Socket.MSG_DONTWAIT, false).join();
        assertEquals(20, done.ret());
        assertEquals(-ERRNO_EMSGSIZE.getNumber(), Le.s32(done.data(), 16));
    }

    @Test
    void unspecFamilyDumpsEveryFamily() {
        assertEquals(ERRNO_UNSPECIFIED, k.handlers.register(List.of(new RtnlHandlerTable.Spec(10, 26, false, true)),
                "inet6:7005", "inet6-1", k.now));
        long s = k.socket(a, 0);
        addRoutes(s, 1);
        k.inet.calls.clear();
        k.toKernel(a, s, dumpRequest(2, 0));
        assertEquals(List.of("dumpit inet:7003", "dumpit inet6:7005"), k.inet.calls, "rtnl_dump_all, family order");
        assertEquals(104, k.recv(s).ret());
        k.inet.calls.clear();
        k.toKernel(a, s, dumpRequest(3, 99));
        k.recv(s);
        assertTrue(k.inet.calls.size() == 2, "an unknown family falls back to PF_UNSPEC");
    }

    @Test
    void closingTheReaderEndsTheDump() {
        long s = k.socket(a, 0);
        k.inet.extraRoutes = 200;
        k.toKernel(a, s, dumpRequest(1, 2));
        k.af.release(s);
        assertEquals(0, k.af.sockCount());
        assertEquals(0, k.af.netCount());
    }
}
