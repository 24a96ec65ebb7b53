package vkernel.inet.core;

import static vkernel.inet.core.InetProtosw.*;

import java.util.ArrayList;
import java.util.List;
import vkernel.inet.core.raw.RawProt;
import vkernel.inet.core.tcp.TcpProt;
import vkernel.inet.core.udp.PingProt;
import vkernel.inet.core.udp.UdpProt;
import vkernel.uapi.In;
import vkernel.uapi.Socket;

/**
 * inetsw[] (net/ipv4/af_inet.c): the protocols socket(AF_INET, type, protocol) can
 * make, per type, permanent rows first in registration order (inet_register_protosw).
 * Rows are data; a duplicate permanent registration is refused.
 */
final class InetSw {
    /** inetsw_array with what the kernel registers besides (udplite4_register, mptcp_proto_init). */
    static final List<InetProtosw> ROWS = List.of(
            new InetProtosw(Socket.SOCK_STREAM, In.IPPROTO_TCP, TcpProt.TCP, ProtoOps.INET_STREAM_OPS,
                    INET_PROTOSW_PERMANENT | INET_PROTOSW_ICSK),
            new InetProtosw(Socket.SOCK_DGRAM, In.IPPROTO_UDP, UdpProt.UDP, ProtoOps.INET_DGRAM_OPS,
                    INET_PROTOSW_PERMANENT),
            new InetProtosw(Socket.SOCK_DGRAM, In.IPPROTO_ICMP, PingProt.PING, ProtoOps.INET_SOCKRAW_OPS,
                    INET_PROTOSW_REUSE),
            new InetProtosw(Socket.SOCK_RAW, In.IPPROTO_IP, RawProt.RAW, ProtoOps.INET_SOCKRAW_OPS,
                    INET_PROTOSW_REUSE),
            new InetProtosw(Socket.SOCK_DGRAM, Net.IPPROTO_UDPLITE, UdpProt.UDPLITE, ProtoOps.INET_DGRAM_OPS,
                    INET_PROTOSW_PERMANENT),
            new InetProtosw(Socket.SOCK_STREAM, Net.IPPROTO_MPTCP, TcpProt.MPTCP, ProtoOps.INET_STREAM_OPS,
                    INET_PROTOSW_ICSK));

    private final List<List<InetProtosw>> byType = new ArrayList<>();

    InetSw() {
        for (int i = 0; i < Socket.SOCK_MAX; i++) {
            byType.add(new ArrayList<>());
        }
        for (InetProtosw p : ROWS) {
            register(p);
        }
    }

    /** inet_register_protosw: after the last permanent row of its type; a permanent duplicate is refused. */
    void register(InetProtosw p) {
        List<InetProtosw> list = byType.get(p.type());
        int lastPerm = 0;
        for (int i = 0; i < list.size(); i++) {
            InetProtosw answer = list.get(i);
            if ((answer.flags() & INET_PROTOSW_PERMANENT) != 0) {
                if (p.protocol() == answer.protocol()) {
                    throw new IllegalStateException("inet_register_protosw: " + p + " overrides a permanent protocol");
                }
                lastPerm = i + 1;
            }
        }
        list.add(lastPerm, p);
    }

    List<InetProtosw> rows(int type) {
        return type >= 0 && type < byType.size() ? byType.get(type) : List.of();
    }
}
