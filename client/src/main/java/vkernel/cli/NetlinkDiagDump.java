package vkernel.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockDiag;
import vkernel.uapi.Socket;

/**
 * What ss -f netlink does (iproute2 misc/ss.c, netlink_show_netlink): one AF_NETLINK
 * SOCK_DIAG_BY_FAMILY dump of every protocol (NDIAG_PROTO_ALL) with NDIAG_SHOW_MEMINFO,
 * each answer a struct netlink_diag_msg, printed as netlink_show_one prints it.
 */
final class NetlinkDiagDump {
    /** One answer: the sock's protocol, state, portids, queues (sk_meminfo) and inode. */
    record Sock(int protocol, int state, int portid, int dstPortid, int dstGroup, int rqueue, int wqueue, long inode) {}

    private static final int NETLINK_DIAG_REQ = 20;
    private static final int NETLINK_DIAG_MSG = 28;
    private static final int NDIAG_PROTO_ALL = 255;
    private static final int NDIAG_SHOW_MEMINFO = 1;
    private static final int NETLINK_DIAG_MEMINFO = 0;
    private static final int NETLINK_CONNECTED = 1;
    private static final int RECV_BUF = 32768;

    /** nl_proto_n2a's names (lib/ll_proto.c's netlink table), by protocol. */
    private static final String[] PROTO = {"rtnl", "unused", "usersock", "fw", "tcpdiag", "nflog", "xfrm", "selinux",
        "iscsi", "audit", "fiblookup", "connector", "nft", "ip6fw", "dec-rt", "uevent", "genl", "17",
        "scsi-trans", "ecryptfs", "rdma", "crypto", "smc"};

    private NetlinkDiagDump() {}

    /** The request ss sends: every protocol, with the queues. */
    static byte[] request(int seq) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + NETLINK_DIAG_REQ).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(b.capacity()).putShort((short) SockDiag.SOCK_DIAG_BY_FAMILY)
                .putShort((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)).putInt(seq).putInt(0);
        b.put((byte) Socket.AF_NETLINK).put((byte) NDIAG_PROTO_ALL).putShort((short) 0).putInt(0)
                .putInt(NDIAG_SHOW_MEMINFO).putInt(-1).putInt(-1);
        return b.array();
    }

    /** Every netlink sock of the task's namespace; ErrnoException when the kernel refuses the dump. */
    static List<Sock> dump(Task task) {
        int fd = task.socket(Socket.AF_NETLINK, Socket.SOCK_RAW | Socket.SOCK_CLOEXEC, Netlink.NETLINK_SOCK_DIAG);
        try {
            task.sendto(fd, request(1), 0, SockAddr.netlink(0, 0));
            List<Sock> out = new ArrayList<>();
            while (!decode(task.recv(fd, RECV_BUF, 0).data(), out)) {
                // the dump goes on in the next datagram
            }
            return out;
        } finally {
            task.close(fd);
        }
    }

    /** Adds the datagram's answers to out; true once NLMSG_DONE ended the dump. */
    static boolean decode(byte[] d, List<Sock> out) {
        return SockDiagFrames.walk(d, NETLINK_DIAG_MSG, (b, p, end) -> {
            int rq = 0;
            int wq = 0;
            for (int a = p + NETLINK_DIAG_MSG; a + 4 <= end; a += (b.getShort(a) + 3) & ~3) {
                int alen = b.getShort(a) & 0xffff;
                if (alen < 4) {
                    break;
                }
                if (b.getShort(a + 2) == NETLINK_DIAG_MEMINFO && alen >= 4 + 16) {
                    rq = b.getInt(a + 4); // SK_MEMINFO_RMEM_ALLOC
                    wq = b.getInt(a + 12); // SK_MEMINFO_WMEM_ALLOC
                }
            }
            out.add(new Sock(b.get(p + 2) & 0xff, b.get(p + 3) & 0xff, b.getInt(p + 4), b.getInt(p + 8), b.getInt(p + 12),
                    rq, wq, b.getInt(p + 16) & 0xffffffffL));
        });
    }

    /**
     * ss's lines (netlink_show_one with -n): netid nl, UNCONN or ESTAB, local PROTO:PORTID
     * ("kernel" for portid 0), peer GROUP:PORTID when connected, else *.
     */
    static List<Ss.Line> lines(List<Sock> socks, Map<Long, List<Ss.User>> users) {
        List<Ss.Line> lines = new ArrayList<>();
        for (Sock s : socks) {
            String prot = s.protocol() < PROTO.length ? PROTO[s.protocol()] : Integer.toString(s.protocol());
            String local = prot + ":" + (s.portid() == 0 ? "kernel" : Integer.toString(s.portid()));
            boolean connected = s.state() == NETLINK_CONNECTED;
            String peer = connected ? Integer.toUnsignedString(s.dstGroup()) + ":" + Integer.toUnsignedString(s.dstPortid())
                    : "*";
            List<Ss.User> u = s.inode() == 0 ? List.of() : users.getOrDefault(s.inode(), List.of());
            lines.add(new Ss.Line("nl", connected ? "ESTAB" : "UNCONN", Integer.toUnsignedString(s.rqueue()),
                    Integer.toUnsignedString(s.wqueue()), local, peer, u));
        }
        return lines;
    }
}
