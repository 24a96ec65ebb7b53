package vkernel.inet.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.Socket;

/**
 * The AF_INET sock_diag handler: inet_diag_req_v2 parsing, the bytecode audit, and the
 * inet_diag_msg answers with the lengths and leading bytes Linux 6.18 gives (the
 * conformance scenarios sockdiag-inet-*.scn recorded them).
 */
class InetDiagTest {
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int DUMP = 0x301;
    private static final int STATE_ALL = 0xffffffff;

    private final Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));

    /** A SOCK_DIAG_BY_FAMILY request as ss builds it (ports and addresses big-endian). */
    static byte[] req(int seq, int flags, int protocol, int ext, int states, int sport, int dport, int src, int dst,
            byte[] attrs) {
        ByteBuffer b = ByteBuffer.allocate(16 + 56 + attrs.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(16 + 56 + attrs.length).putShort((short) 20).putShort((short) flags).putInt(seq).putInt(0);
        b.put((byte) Socket.AF_INET).put((byte) protocol).put((byte) ext).put((byte) 0).putInt(states);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) sport).putShort((short) dport).putInt(src).put(new byte[12])
                .putInt(dst).put(new byte[12]);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(-1).putInt(-1);
        b.put(attrs);
        return b.array();
    }

    static byte[] dump(int protocol, int states) {
        return req(1, DUMP, protocol, 0, states, 0, 0, 0, 0, new byte[0]);
    }

    static byte[] bytecode(byte[] program) {
        int len = 4 + program.length;
        ByteBuffer b = ByteBuffer.allocate((len + 3) & ~3).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) len).putShort((short) 1).put(program);
        return b.array();
    }

    static byte[] op(int code, int yes, int no, int... args) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 * args.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) code).put((byte) yes).putShort((short) no);
        for (int a : args) {
            b.putShort((short) a);
        }
        return b.array();
    }

    /** {listener, client, accepted}: the client on an ephemeral port. */
    private long[] conn(int port) {
        long l = s.tcp();
        s.bind(l, "127.0.0.1:" + port);
        s.listen(l, 8);
        long c = s.tcp();
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.connect(c, "127.0.0.1:" + port));
        return new long[] {l, c, s.accept(l)};
    }

    private InetDiag.Result diag(Cred cred, byte[] msg) {
        return s.af.sockDiag(cred, msg, 5000002, Trace.NONE);
    }

    private static int u16be(byte[] m, int off) {
        return (m[off] & 0xff) << 8 | (m[off + 1] & 0xff);
    }

    private static int le32(byte[] m, int off) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt(off);
    }

    /** {state, sport, dport} of each answer. */
    private static List<String> ends(InetDiag.Result r) {
        List<String> out = new ArrayList<>();
        for (byte[] m : r.messages()) {
            out.add(m[17] + " " + u16be(m, 20) + "->" + u16be(m, 22));
        }
        return out;
    }

    /** inet6_diag_handler: an AF_INET6 request finds no sock here (every one is AF_INET), as on a netns without any. */
    @Test
    void anInet6RequestDumpsNothingAndFindsNothing() {
        conn(5151);
        byte[] dump6 = dump(TCP, STATE_ALL);
        dump6[16] = (byte) Socket.AF_INET6;
        InetDiag.Result r = diag(Socks.ROOT, dump6);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(List.of(), r.messages());
        assertEquals(3, diag(Socks.ROOT, dump(TCP, STATE_ALL)).messages().size(), "the AF_INET dump still has them");
        byte[] exact6 = req(2, 1, TCP, 0, 0, 5151, 0, 0x7f000001, 0, new byte[0]);
        exact6[16] = (byte) Socket.AF_INET6;
        assertEquals(Errno.ERRNO_ENOENT, diag(Socks.ROOT, exact6).errno());
    }

    @Test
    void requestFieldsAreParsedFromNetworkOrder() {
        byte[] m = req(9, DUMP, TCP, 0x41, 0x400, 5001, 80, 0x7f000001, 0x0a000002,
                bytecode(op(11, 8, 12, 0, 5001)));
        InetDiagReq r = InetDiagReq.parse(m, m.length);
        assertNotNull(r);
        assertEquals(TCP, r.protocol());
        assertEquals(0x41, r.ext());
        assertEquals(0x400, r.states());
        assertEquals(5001, r.sport());
        assertEquals(80, r.dport());
        assertEquals(0x7f000001, r.src());
        assertEquals(0x0a000002, r.dst());
        assertTrue(r.cookieMatches(12345), "INET_DIAG_NOCOOKIE matches any sock");
        assertArrayEquals(op(11, 8, 12, 0, 5001), r.bytecode());
        assertTrue(r.wants(InetDiagMsg.INET_DIAG_MEMINFO));
        assertTrue(r.wants(InetDiagMsg.INET_DIAG_SKMEMINFO));
        assertFalse(r.wants(InetDiagMsg.INET_DIAG_INFO));
    }

    static Stream<Arguments> programs() {
        return Stream.of(
                Arguments.of("S_EQ sport 5000", op(11, 8, 12, 0, 5000), Errno.ERRNO_UNSPECIFIED),
                Arguments.of("unknown op", op(99, 4, 8), Errno.ERRNO_EINVAL),
                Arguments.of("S_GE, its no just past the end", op(2, 8, 12, 0, 5000), Errno.ERRNO_UNSPECIFIED),
                Arguments.of("S_GE without its port", op(2, 4, 8), Errno.ERRNO_EINVAL),
                Arguments.of("S_COND AF_INET without an address", concat(op(7, 12, 16), new byte[] {2, 32, 0, 0, 0, 0, 0, 0}),
                        Errno.ERRNO_EINVAL),
                Arguments.of("yes not a multiple of 4", op(0, 5, 0), Errno.ERRNO_EINVAL),
                Arguments.of("MARK_COND needs CAP_NET_ADMIN (root has it)", concat(op(10, 12, 16), new byte[8]),
                        Errno.ERRNO_UNSPECIFIED),
                Arguments.of("shorter than one op", new byte[] {0, 4}, Errno.ERRNO_EINVAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void bytecodeIsAuditedWhenTheDumpStarts(String name, byte[] program, Errno expected) {
        InetDiag.Result r = diag(Socks.ROOT, req(1, DUMP, TCP, 0, STATE_ALL, 0, 0, 0, 0, bytecode(program)));
        assertEquals(expected, r.errno(), name);
        assertEquals(expected != Errno.ERRNO_UNSPECIFIED, r.startFailed(), "a refused program is the start's error");
    }

    @Test
    void markConditionWithoutCapNetAdminIsEperm() {
        Cred user = Socks.USER;
        InetDiag.Result r = diag(user, req(1, DUMP, TCP, 0, STATE_ALL, 0, 0, 0, 0,
                bytecode(concat(op(10, 12, 16), new byte[8]))));
        assertEquals(Errno.ERRNO_EPERM, r.errno());
    }

    @Test
    void malformedRequestsGetLinuxErrors() {
        byte[] shortReq = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(20).putShort((short) 20)
                .putShort((short) DUMP).putInt(1).putInt(0).put((byte) 2).put((byte) 6).array();
        InetDiag.Result r = diag(Socks.ROOT, shortReq);
        assertEquals(Errno.ERRNO_EINVAL, r.errno());
        assertTrue(r.startFailed());
        byte[] badProto = req(1, DUMP, TCP, 0, STATE_ALL, 0, 0, 0, 0, new byte[] {6, 0, 3, 0, 6, 0, 0, 0});
        assertEquals(Errno.ERRNO_EINVAL, diag(Socks.ROOT, badProto).errno(), "INET_DIAG_REQ_PROTOCOL of 2 bytes");
        InetDiag.Result unknown = diag(Socks.ROOT, dump(99, STATE_ALL));
        assertEquals(Errno.ERRNO_ENOENT, unknown.errno());
        assertFalse(unknown.startFailed(), "no handler for the protocol ends the dump in NLMSG_DONE");
        assertEquals(Errno.ERRNO_ENOENT,
                diag(Socks.ROOT, req(2, 1, TCP, 0, 0, 5001, 5002, 0x7f000001, 0x7f000001, new byte[0])).errno());
        // truncated bytes (nlmsg_len past the buffer) never throw
        assertEquals(Errno.ERRNO_EINVAL, diag(Socks.ROOT, java.util.Arrays.copyOf(dump(TCP, STATE_ALL), 40)).errno());
    }

    @Test
    void aListenerIsAnsweredAsLinuxDoes() {
        long sk = s.af.create(Socks.ROOT, Socket.SOCK_STREAM, 0, false, 4242, Trace.NONE).sock();
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.bind(sk, "127.0.0.1:5001"));
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.listen(sk, 7));
        InetDiag.Result r = diag(Socks.ROOT, dump(TCP, 1 << 10));
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(1, r.messages().size());
        byte[] m = r.messages().get(0);
        assertEquals(124, m.length, "inet_diag_msg, SHUTDOWN, MARK, CGROUP_ID, SOCKOPT");
        assertEquals(124, le32(m, 0));
        assertEquals(20, m[4]);
        assertEquals(2, m[6], "NLM_F_MULTI");
        assertEquals(5000002, le32(m, 12), "the requester's portid");
        assertEquals(Socket.AF_INET, m[16]);
        assertEquals(10, m[17], "TCP_LISTEN");
        assertEquals(5001, u16be(m, 20));
        assertEquals(0x7f, m[24]);
        assertEquals(1, m[27]);
        assertEquals(0, le32(m, 16 + 56), "rqueue: nothing to accept");
        assertEquals(7, le32(m, 16 + 60), "wqueue: the backlog");
        assertEquals(0, le32(m, 16 + 64), "uid");
        assertEquals(4242, le32(m, 16 + 68), "inode");
        assertEquals(116, diag(Socks.USER, dump(TCP, 1 << 10)).messages().get(0).length,
                "no INET_DIAG_MARK without CAP_NET_ADMIN");
        int ext = 1 | 1 << 4 | 1 << 6; // MEMINFO, TOS, SKMEMINFO
        assertEquals(192, diag(Socks.ROOT, req(1, DUMP, TCP, ext, 1 << 10, 0, 0, 0, 0, new byte[0])).messages().get(0)
                .length);
        assertEquals(124 + 284, diag(Socks.ROOT, req(1, DUMP, TCP, 1 << 1, 1 << 10, 0, 0, 0, 0, new byte[0]))
                .messages().get(0).length, "INET_DIAG_INFO: struct tcp_info");
    }

    @Test
    void stateFilterPortsAndBytecodeSelectSocks() {
        long[] pair = conn(5001);
        assertEquals(3, diag(Socks.ROOT, dump(TCP, STATE_ALL)).messages().size());
        assertEquals(2, diag(Socks.ROOT, dump(TCP, 1 << 1)).messages().size(), "established only");
        List<String> listen = ends(diag(Socks.ROOT, dump(TCP, 1 << 10)));
        assertEquals(List.of("10 5001->0"), listen);
        InetDiag.Result toListener = diag(Socks.ROOT, req(1, DUMP, TCP, 0, STATE_ALL, 0, 5001, 0, 0, new byte[0]));
        assertEquals(1, toListener.messages().size(), "dport given: the client only, listeners skipped");
        assertEquals(1, toListener.messages().get(0)[17]);
        InetDiag.Result bc = diag(Socks.ROOT, req(1, DUMP, TCP, 0, STATE_ALL, 0, 0, 0, 0,
                bytecode(op(11, 8, 12, 0, 5001))));
        assertEquals(2, bc.messages().size(), "sport = :5001: the listener and the accepted sock");
        assertTrue(pair.length >= 2);
    }

    @Test
    void anExactRequestAnswersOneSockWithoutMulti() {
        conn(5001);
        int lo = 0x7f000001;
        InetDiag.Result r = diag(Socks.ROOT, req(3, 1, TCP, 0, 0, 5001, 0, lo, 0, new byte[0]));
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(1, r.messages().size());
        assertEquals(0, r.messages().get(0)[6], "no NLM_F_MULTI");
        assertEquals(10, r.messages().get(0)[17], "the listener by its local end");
        byte[] wrongCookie = req(3, 1, TCP, 0, 0, 5001, 0, lo, 0, new byte[0]);
        java.util.Arrays.fill(wrongCookie, 16 + 48, 16 + 56, (byte) 0);
        assertEquals(Errno.ERRNO_ENOENT, diag(Socks.ROOT, wrongCookie).errno());
    }

    @Test
    void udpSocksByStateAndOnlyTheRequestersNamespace() {
        long a = s.udp();
        s.bind(a, "127.0.0.1:5003");
        long b = s.udp();
        s.bind(b, "127.0.0.1:5005");
        s.connect(b, "127.0.0.1:5003");
        s.udp(); // unbound: not in the table
        assertEquals(List.of("7 5003->0"), ends(diag(Socks.ROOT, dump(UDP, 1 << 7))));
        assertEquals(List.of("1 5005->5003"), ends(diag(Socks.ROOT, dump(UDP, 1 << 1))));
        assertEquals(200, diag(Socks.ROOT, req(1, DUMP, UDP, 0xff, 1 << 7, 0, 0, 0, 0, new byte[0])).messages().get(0)
                .length, "MEMINFO, TOS, CLASS_ID, SKMEMINFO");
        Cred other = Socks.ROOT.toBuilder().setNetns(Socks.NETNS + 1).build();
        assertEquals(0, diag(other, dump(UDP, STATE_ALL)).messages().size());
        assertEquals(0, diag(other, dump(TCP, STATE_ALL)).messages().size());
    }

    @Test
    void timeWaitAnswersHaveTimerThreeAndNoInode() {
        long[] p = conn(5001);
        s.close(p[1]);
        s.close(p[2]);
        InetDiag.Result r = diag(Socks.ROOT, dump(TCP, 1 << 6));
        assertEquals(1, r.messages().size());
        byte[] m = r.messages().get(0);
        assertEquals(96, m.length, "inet_diag_msg and the mark");
        assertEquals(6, m[17]);
        assertEquals(3, m[18], "timer: TIME_WAIT");
        assertEquals(0, le32(m, 16 + 68));
        assertEquals(88, diag(Socks.USER, dump(TCP, 1 << 6)).messages().get(0).length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
