package vkernel.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.fuzz.FuzzTask.Kind;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;

/**
 * Netlink calls of one fuzzing task: messages that are short, of a wrong nlmsg_len, of
 * unknown types, RTM_* requests with garbage attributes (and some well-formed dumps, so
 * answers queue up), sent to the kernel, to other portids or to bad addresses, and read
 * back with MSG_DONTWAIT; binds, connects and memberships with odd values.
 */
final class NetlinkCalls {
    private static final int[] RTM_TYPES = {Rtnetlink.RTM_NEWLINK, Rtnetlink.RTM_DELLINK, Rtnetlink.RTM_GETLINK,
        Rtnetlink.RTM_SETLINK, Rtnetlink.RTM_NEWADDR, Rtnetlink.RTM_DELADDR, Rtnetlink.RTM_GETADDR,
        Rtnetlink.RTM_NEWROUTE, Rtnetlink.RTM_DELROUTE, Rtnetlink.RTM_GETROUTE, Rtnetlink.RTM_NEWNEIGH,
        Rtnetlink.RTM_GETNEIGH, Rtnetlink.RTM_NEWRULE, Rtnetlink.RTM_GETRULE, Rtnetlink.RTM_GETNETCONF,
        Rtnetlink.RTM_MAX, Rtnetlink.RTM_MAX + 1};

    private final FuzzTask t;
    private final Args a;
    private final Task task;

    NetlinkCalls(FuzzTask t) {
        this.t = t;
        this.a = t.a;
        this.task = t.task;
    }

    void op() {
        int fd = t.fdOf(Kind.NETLINK);
        int k = a.r.nextInt(100);
        if (k < 50) {
            byte[] msg = message();
            SockAddr to = a.chance(70) ? SockAddr.netlink(0, 0) : a.chance(50)
                    ? SockAddr.netlink(a.pick(1, -1, 0x7fffffff, a.r.nextInt()), a.pick(0, 1, -1, a.r.nextInt()))
                    : a.sockaddr();
            int flags = Socket.MSG_DONTWAIT | a.pick(0, 0, Socket.MSG_OOB, Socket.MSG_CONFIRM, 1 << a.r.nextInt(31));
            String args = "fd=" + fd + " len=" + msg.length + " flags=" + flags + " to=" + to + " msg=" + hex(msg);
            if (a.chance(80)) {
                t.call("sendto", args, () -> task.sendto(fd, msg, flags, to));
            } else {
                t.call("send", args, () -> task.send(fd, msg, flags));
            }
        } else if (k < 80) {
            new SocketCalls(t).recv(fd);
        } else if (k < 88) {
            SockAddr addr = a.chance(70)
                    ? SockAddr.netlink(a.pick(0, 0, 1, -1, 4242, a.r.nextInt()), a.pick(0, 1, 0x10, -1, a.r.nextInt()))
                    : a.sockaddr();
            boolean bind = a.chance(60);
            t.call(bind ? "bind" : "connect", "fd=" + fd + " addr=" + addr, () -> {
                if (bind) {
                    task.bind(fd, addr);
                } else {
                    task.connect(fd, addr);
                }
                return true;
            });
        } else if (k < 94) {
            int optname = a.pick(Netlink.NETLINK_ADD_MEMBERSHIP, Netlink.NETLINK_DROP_MEMBERSHIP,
                    Netlink.NETLINK_PKTINFO, Netlink.NETLINK_BROADCAST_ERROR, Netlink.NETLINK_NO_ENOBUFS,
                    Netlink.NETLINK_LISTEN_ALL_NSID, Netlink.NETLINK_CAP_ACK, Netlink.NETLINK_EXT_ACK,
                    Netlink.NETLINK_GET_STRICT_CHK, Netlink.NETLINK_RX_RING, 0, 100);
            int value = a.pick(0, 1, 2, 31, 32, 33, 64, 1024, -1, Integer.MAX_VALUE, a.r.nextInt());
            byte[] val = a.chance(80)
                    ? ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array()
                    : a.bytes(a.pick(0, 1, 3, 8));
            t.call("setsockopt", "fd=" + fd + " level=SOL_NETLINK optname=" + optname + " optlen=" + val.length,
                    () -> {
                        task.setsockopt(fd, Socket.SOL_NETLINK, optname, val);
                        return true;
                    });
        } else {
            int optname = a.pick(Netlink.NETLINK_LIST_MEMBERSHIPS, Netlink.NETLINK_PKTINFO,
                    Netlink.NETLINK_NO_ENOBUFS, Netlink.NETLINK_EXT_ACK, Netlink.NETLINK_CAP_ACK, 0, 100);
            int optlen = a.pick(0, 1, 3, 4, 8, 64, -1, Integer.MAX_VALUE);
            t.call("getsockopt", "fd=" + fd + " level=SOL_NETLINK optname=" + optname + " optlen=" + optlen,
                    () -> task.getsockopt(fd, Socket.SOL_NETLINK, optname, optlen));
        }
    }

    /** A netlink message, most of them malformed in one way or another. */
    byte[] message() {
        int k = a.r.nextInt(100);
        if (k < 10) {
            return a.bytes(a.r.nextInt(Netlink.NLMSG_HDRLEN)); // shorter than a header
        }
        if (k < 20) {
            return dump(a.pick(Rtnetlink.RTM_GETLINK, Rtnetlink.RTM_GETADDR, Rtnetlink.RTM_GETROUTE));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = a.chance(85) ? 1 : 2 + a.r.nextInt(3);
        for (int i = 0; i < count; i++) {
            byte[] body = body();
            int type = a.chance(60) ? a.pick(RTM_TYPES) : a.pick(Netlink.NLMSG_NOOP, Netlink.NLMSG_ERROR,
                    Netlink.NLMSG_DONE, Netlink.NLMSG_OVERRUN, 0, 0xffff, a.r.nextInt(0x10000));
            int flags = Netlink.NLM_F_REQUEST | a.pick(0, Netlink.NLM_F_ACK, Netlink.NLM_F_DUMP,
                    Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, Netlink.NLM_F_REPLACE, Netlink.NLM_F_ECHO,
                    a.r.nextInt(0x10000));
            if (a.chance(10)) {
                flags = a.r.nextInt(0x10000); // maybe without NLM_F_REQUEST
            }
            int len = Netlink.NLMSG_HDRLEN + body.length;
            int k2 = a.r.nextInt(100);
            if (k2 < 15) {
                len = a.pick(0, 1, 15, 16, 17, len - 1, len + 1, len + 4096, -1, 0x7fffffff); // a lying nlmsg_len
            }
            ByteBuffer h = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(len).putShort((short) type).putShort((short) flags).putInt(a.r.nextInt(1000)).putInt(a.pick(0, 0,
                    1, -1, a.r.nextInt()));
            out.writeBytes(h.array());
            out.writeBytes(body);
            if (a.chance(30)) {
                out.writeBytes(new byte[a.r.nextInt(4)]); // padding, or a misalignment
            }
        }
        return out.toByteArray();
    }

    /** After the header: a family header (rtmsg, ifaddrmsg, ifinfomsg sized, or cut short), then attributes. */
    private byte[] body() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int fixed = a.pick(0, 1, 4, 8, 12, 16, a.r.nextInt(20));
        byte[] fam = a.bytes(fixed);
        if (fixed > 0 && a.chance(70)) {
            fam[0] = (byte) a.pick(Socket.AF_INET, Socket.AF_UNSPEC, Socket.AF_INET6, Socket.AF_NETLINK, 255);
        }
        b.writeBytes(fam);
        int attrs = a.r.nextInt(5);
        for (int i = 0; i < attrs; i++) {
            int payload = a.pick(0, 1, 2, 3, 4, 8, 16, a.r.nextInt(64));
            int rtaLen = 4 + payload;
            if (a.chance(20)) {
                rtaLen = a.pick(0, 1, 3, 4, rtaLen + 1, rtaLen + 100, 0xffff); // a lying rta_len
            }
            int type = a.chance(60) ? a.r.nextInt(Rtnetlink.RTA_MAX + 2) : a.pick(0xffff, 0x8000 | a.r.nextInt(32),
                    0x4000 | a.r.nextInt(32), a.r.nextInt(0x10000));
            ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) rtaLen)
                    .putShort((short) type);
            b.writeBytes(h.array());
            b.writeBytes(a.bytes(payload));
            b.writeBytes(new byte[(4 - payload % 4) % 4]);
        }
        return b.toByteArray();
    }

    /** A well-formed dump request: so that answers queue on the socket and recv has something to read. */
    private byte[] dump(int type) {
        ByteBuffer m = ByteBuffer.allocate(Netlink.NLMSG_HDRLEN + 16).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(Netlink.NLMSG_HDRLEN + 16).putShort((short) type)
                .putShort((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP)).putInt(1).putInt(0);
        m.put((byte) Socket.AF_INET);
        return m.array();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 48); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return b.length > 48 ? s + "..." : s.toString();
    }
}
