package vkernel.inet.core;

import java.util.ArrayList;
import java.util.List;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.inet.core.udp.UdpSock;
import vkernel.net.core.Sysctl;
import vkernel.uapi.SockaddrIn;

/**
 * A sock's fields as the kernel names them, by the struct that holds them (sock,
 * inet_sock, tcp_sock), for vk inspect. Read under the namespace's lock; changes nothing.
 */
public final class InetInspect {
    /** One field: the struct it belongs to, its name, its value as text. */
    public record Field(String struct, String name, String value) {}

    /** What vk inspect shows of a sock: sk_prot->name, its proto_ops, its fields. */
    public record View(String prot, String ops, List<Field> fields) {}

    private InetInspect() {}

    static View view(InetSock sk) {
        List<Field> f = new ArrayList<>();
        sock(f, sk);
        inet(f, sk);
        if (sk instanceof TcpSock tp) {
            f.add(new Field("sock", "sk_ack_backlog", Integer.toString(tp.ackBacklog())));
            f.add(new Field("sock", "sk_max_ack_backlog", Integer.toString(tp.maxAckBacklog())));
            f.add(new Field("tcp_sock", "rcv_queue", tp.rcvQueueBytes() + " bytes"));
            f.add(new Field("tcp_sock", "sk_wmem_queued", tp.wmemQueued() + " bytes"));
            f.add(new Field("tcp_sock", "snd_nxt", Long.toString(tp.sndNxt())));
            f.add(new Field("tcp_sock", "rcv_nxt", Long.toString(tp.rcvNxt())));
        }
        if (sk instanceof UdpSock up) {
            f.add(new Field("sock", "sk_rmem_alloc", Integer.toString(up.rmemAlloc())));
        }
        return new View(sk.prot.name, sk.ops.name().toLowerCase(), f);
    }

    private static void sock(List<Field> f, InetSock sk) {
        String s = "sock";
        f.add(new Field(s, "sk_state", sk.ops.stream() || sk instanceof TcpSock ? TcpStates.name(sk.state) : Integer.toString(sk.state)));
        f.add(new Field(s, "sk_family", Integer.toString(sk.family)));
        f.add(new Field(s, "sk_type", Integer.toString(sk.type)));
        f.add(new Field(s, "sk_protocol", Integer.toString(sk.protocol)));
        f.add(new Field(s, "sk_rcvbuf", Integer.toString(sk.rcvbuf)));
        f.add(new Field(s, "sk_sndbuf", Integer.toString(sk.sndbuf)));
        f.add(new Field(s, "sk_userlocks", Integer.toString(sk.userlocks)));
        f.add(new Field(s, "sk_shutdown", Integer.toString(sk.shutdown)));
        f.add(new Field(s, "sk_err", Integer.toString(sk.err)));
        f.add(new Field(s, "sk_reuse", sk.reuse ? "1" : "0"));
        f.add(new Field(s, "sk_reuseport", sk.reuseport ? "1" : "0"));
        f.add(new Field(s, "sk_rcvlowat", Integer.toString(sk.rcvlowat)));
        f.add(new Field(s, "sk_rcvtimeo", timeo(sk.rcvtimeo)));
        f.add(new Field(s, "sk_sndtimeo", timeo(sk.sndtimeo)));
        f.add(new Field(s, "sk_uid", Integer.toString(sk.uid)));
        f.add(new Field(s, "sk_ino", Long.toString(sk.ino)));
        f.add(new Field(s, "sk_wq", sk.wq.size() + " sleeping"));
    }

    private static void inet(List<Field> f, InetSock sk) {
        String s = "inet_sock";
        f.add(new Field(s, "inet_num", Integer.toString(sk.inetNum)));
        f.add(new Field(s, "inet_rcv_saddr", SockaddrIn.formatAddr(sk.inetRcvSaddr)));
        f.add(new Field(s, "inet_sport", Integer.toString(sk.inetSport)));
        f.add(new Field(s, "inet_saddr", SockaddrIn.formatAddr(sk.inetSaddr)));
        f.add(new Field(s, "inet_daddr", SockaddrIn.formatAddr(sk.inetDaddr)));
        f.add(new Field(s, "inet_dport", Integer.toString(sk.inetDport)));
        f.add(new Field(s, "uc_ttl", Integer.toString(sk.ucTtl)));
        f.add(new Field(s, "tos", Integer.toString(sk.tos)));
    }

    private static String timeo(long jiffies) {
        return jiffies == Sysctl.MAX_SCHEDULE_TIMEOUT ? "MAX_SCHEDULE_TIMEOUT" : jiffies + " jiffies";
    }
}
