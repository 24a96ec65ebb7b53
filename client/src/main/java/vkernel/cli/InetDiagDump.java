package vkernel.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockDiag;
import vkernel.uapi.Socket;

/**
 * What ss does to list sockets (iproute2 misc/ss.c, inet_show_netlink): a
 * SOCK_DIAG_BY_FAMILY dump of one protocol over a NETLINK_SOCK_DIAG socket, made by a
 * task in the namespace to list, each answer a struct inet_diag_msg.
 */
final class InetDiagDump {
    /** One answer: the sock's ends (host order), state, queues, owner and inode. */
    record Sock(int protocol, int state, int sport, int dport, int src, int dst, int rqueue, int wqueue, int uid,
            long inode) {}

    /** Every state ss -a asks for (SS_ALL: the 13 TCP states, not TCP_BOUND_INACTIVE). */
    static final int SS_ALL = (1 << 13) - 1;
    private static final int INET_DIAG_REQ_V2 = 56;
    private static final int INET_DIAG_MSG = 72;
    private static final int RECV_BUF = 32768;

    private InetDiagDump() {}

    /** The request ss sends: family AF_INET, the protocol, every state, no filter. */
    static byte[] request(int protocol, int seq) {
        ByteBuffer b = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + INET_DIAG_REQ_V2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(b.capacity()).putShort((short) SockDiag.SOCK_DIAG_BY_FAMILY)
                .putShort((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)).putInt(seq).putInt(0);
        b.put((byte) Socket.AF_INET).put((byte) protocol).put((byte) 0).put((byte) 0).putInt(SS_ALL);
        b.position(b.capacity() - 8);
        b.putInt(-1).putInt(-1); // INET_DIAG_NOCOOKIE
        return b.array();
    }

    /**
     * The dump of one protocol as the task sees it (its namespace). ErrnoException when the
     * kernel refuses it (ENOENT: no AF_INET sock_diag handler, as without the module).
     */
    static List<Sock> dump(Task task, int protocol) {
        int fd = task.socket(Socket.AF_NETLINK, Socket.SOCK_RAW | Socket.SOCK_CLOEXEC, Netlink.NETLINK_SOCK_DIAG);
        try {
            task.sendto(fd, request(protocol, 1), 0, SockAddr.netlink(0, 0));
            List<Sock> out = new ArrayList<>();
            while (true) {
                byte[] d = task.recv(fd, RECV_BUF, 0).data();
                if (decode(d, protocol, out)) {
                    return out;
                }
            }
        } finally {
            task.close(fd);
        }
    }

    /** Adds the datagram's answers to out; true once NLMSG_DONE ended the dump. */
    static boolean decode(byte[] d, int protocol, List<Sock> out) {
        return SockDiagFrames.walk(d, INET_DIAG_MSG, (b, p, end) -> out.add(new Sock(protocol, d[p + 1] & 0xff,
                be16(d, p + 4), be16(d, p + 6), be32(d, p + 8), be32(d, p + 24), b.getInt(p + 56), b.getInt(p + 60),
                b.getInt(p + 64), b.getInt(p + 68) & 0xffffffffL)));
    }

    private static int be16(byte[] d, int off) {
        return (d[off] & 0xff) << 8 | (d[off + 1] & 0xff);
    }

    private static int be32(byte[] d, int off) {
        return (d[off] & 0xff) << 24 | (d[off + 1] & 0xff) << 16 | (d[off + 2] & 0xff) << 8 | (d[off + 3] & 0xff);
    }
}
