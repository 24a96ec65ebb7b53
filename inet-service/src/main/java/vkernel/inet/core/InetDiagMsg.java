package vkernel.inet.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * struct inet_diag_msg and its attributes as inet_sk_diag_fill, inet_twsk_diag_fill and
 * inet_req_diag_fill (net/ipv4/inet_diag.c) build them: 72 bytes of message (ports and
 * addresses big-endian, the rest host order), then the attributes in the kernel's order.
 */
public final class InetDiagMsg {
    /** sizeof(struct inet_diag_msg). */
    public static final int SIZE = 72;

    /** enum inet_diag_attr. */
    public static final int INET_DIAG_MEMINFO = 1;
    public static final int INET_DIAG_INFO = 2;
    public static final int INET_DIAG_CONG = 4;
    public static final int INET_DIAG_TOS = 5;
    public static final int INET_DIAG_TCLASS = 6;
    public static final int INET_DIAG_SKMEMINFO = 7;
    public static final int INET_DIAG_SHUTDOWN = 8;
    public static final int INET_DIAG_PROTOCOL = 10;
    public static final int INET_DIAG_MARK = 15;
    public static final int INET_DIAG_CLASS_ID = 17;
    public static final int INET_DIAG_CGROUP_ID = 21;
    public static final int INET_DIAG_SOCKOPT = 22;

    /** The cgroup every sock is in: the root cgroup's id (cgroup v2 numbers it 1). */
    static final long ROOT_CGROUP_ID = 1;

    /** What the protocol's idiag_get_info and the icsk timers give (inet_sk_diag_fill's variable part). */
    public record Info(int timer, int retrans, int expires, int rqueue, int wqueue, boolean icsk, byte[] tcpInfo,
            String cong, int[] meminfo, int[] skmeminfo) {}

    private InetDiagMsg() {}

    /** inet_diag_msg_common_fill plus the fixed fields. */
    private static ByteBuffer common(int state, int sport, int dport, int src, int dst, int ifindex, long cookie) {
        ByteBuffer m = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        m.put(0, (byte) Socket.AF_INET);
        m.put(1, (byte) state);
        m.order(ByteOrder.BIG_ENDIAN);
        m.putShort(4, (short) sport);
        m.putShort(6, (short) dport);
        m.putInt(8, src);
        m.putInt(24, dst);
        m.order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(40, ifindex);
        m.putInt(44, (int) cookie); // sock_diag_save_cookie: the low half first
        m.putInt(48, (int) (cookie >>> 32));
        return m;
    }

    /** inet_sk_diag_fill for a full sock. */
    static byte[] fill(InetDiag.Ctx c, InetSock sk, int state, long cookie, Info info) {
        ByteBuffer m = common(state, sk.inetNum, sk.inetDport, sk.inetRcvSaddr, sk.inetDaddr, sk.boundDevIf, cookie);
        m.put(2, (byte) info.timer());
        m.put(3, (byte) info.retrans());
        m.putInt(52, info.expires());
        m.putInt(56, info.rqueue());
        m.putInt(60, info.wqueue());
        m.putInt(64, sk.uid);
        m.putInt(68, sk.dead ? 0 : (int) sk.ino); // sock_i_ino: 0 once orphaned
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        // inet_diag_msg_attrs_fill
        attr(a, INET_DIAG_SHUTDOWN, new byte[] {(byte) sk.shutdown});
        if (c.req().wants(INET_DIAG_TOS)) {
            attr(a, INET_DIAG_TOS, new byte[] {(byte) sk.tos});
        }
        if (c.netAdmin()) {
            attr(a, INET_DIAG_MARK, le32(sk.mark));
        }
        if (c.req().wants(INET_DIAG_CLASS_ID) || c.req().wants(INET_DIAG_TCLASS)) {
            attr(a, INET_DIAG_CLASS_ID, le32(sk.priority)); // no classid: the priority stands in
        }
        attr(a, INET_DIAG_CGROUP_ID, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(ROOT_CGROUP_ID).array());
        attr(a, INET_DIAG_SOCKOPT, sockopt(sk, sk.type == Socket.SOCK_STREAM)); // IS_ICSK: TCP's
        // inet_sk_diag_fill
        if (c.req().wants(INET_DIAG_MEMINFO) && info.meminfo() != null) {
            attr(a, INET_DIAG_MEMINFO, le32s(info.meminfo()));
        }
        if (c.req().wants(INET_DIAG_SKMEMINFO) && info.skmeminfo() != null) {
            attr(a, INET_DIAG_SKMEMINFO, le32s(info.skmeminfo()));
        }
        if (sk.type == Socket.SOCK_RAW) {
            attr(a, INET_DIAG_PROTOCOL, new byte[] {(byte) sk.protocol});
        }
        if (info.icsk()) {
            if (c.req().wants(INET_DIAG_INFO) && info.tcpInfo() != null) {
                attr(a, INET_DIAG_INFO, info.tcpInfo());
            }
            if (c.req().wants(INET_DIAG_CONG) && info.cong() != null) {
                byte[] s = info.cong().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                attr(a, INET_DIAG_CONG, java.util.Arrays.copyOf(s, s.length + 1));
            }
        }
        return message(c, m.array(), a.toByteArray());
    }

    /**
     * inet_twsk_diag_fill (timer 3, the substate) and inet_req_diag_fill (SYN_RECV, timer 1):
     * no uid, no inode; the mark alone for CAP_NET_ADMIN.
     */
    static byte[] fillMini(InetDiag.Ctx c, SockCommon sk, int state, int timer, int retrans, int expires, long cookie) {
        ByteBuffer m = common(state, sk.skcNum(), sk.skcDport(), sk.skcRcvSaddr(), sk.skcDaddr(), sk.skcBoundDevIf(),
                cookie);
        m.put(2, (byte) timer);
        m.put(3, (byte) retrans);
        m.putInt(52, expires);
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        if (c.netAdmin()) {
            attr(a, INET_DIAG_MARK, le32(0));
        }
        return message(c, m.array(), a.toByteArray());
    }

    /** struct inet_diag_sockopt: two bytes of bit fields, the first field in the low bit. */
    private static byte[] sockopt(InetSock sk, boolean icsk) {
        int b0 = bit(sk.recverr, 0) | bit(icsk, 1) | bit(sk.freebind, 2) | bit(sk.hdrincl, 3) | bit(sk.mcLoop, 4)
                | bit(sk.transparent, 5) | bit(sk.mcAll, 6) | bit(sk.nodefrag, 7);
        int b1 = bit(sk.bindAddressNoPort, 0) | bit(sk.recverrRfc4884, 1);
        return new byte[] {(byte) b0, (byte) b1};
    }

    private static int bit(boolean on, int n) {
        return on ? 1 << n : 0;
    }

    private static byte[] message(InetDiag.Ctx c, byte[] body, byte[] attrs) {
        int len = NlMsgHdr.SIZE + body.length + attrs.length;
        byte[] out = new byte[len];
        new NlMsgHdr(len, c.type(), c.flags(), c.seq(), c.portid()).writeTo(out, 0);
        System.arraycopy(body, 0, out, NlMsgHdr.SIZE, body.length);
        System.arraycopy(attrs, 0, out, NlMsgHdr.SIZE + body.length, attrs.length);
        return out;
    }

    /** nla_put: header, payload, padding to 4 (the padding counts in the message, not the attribute). */
    private static void attr(ByteArrayOutputStream a, int type, byte[] payload) {
        int len = 4 + payload.length;
        a.write(len & 0xff);
        a.write(len >>> 8);
        a.write(type & 0xff);
        a.write(type >>> 8);
        a.writeBytes(payload);
        a.writeBytes(new byte[((len + 3) & ~3) - len]);
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] le32s(int[] vs) {
        ByteBuffer b = ByteBuffer.allocate(4 * vs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : vs) {
            b.putInt(v);
        }
        return b.array();
    }
}
