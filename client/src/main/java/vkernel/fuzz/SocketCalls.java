package vkernel.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.fuzz.FuzzTask.Kind;
import vkernel.sdk.Accepted;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;
import vkernel.uapi.In;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;

/**
 * The net/socket.c calls of one fuzzing task, on TCP, UDP, raw and ping sockets and on
 * whatever else socket() gave: random and boundary arguments, always non-blocking
 * (SOCK_NONBLOCK on every socket and accepted fd, MSG_DONTWAIT on every send and recv).
 */
final class SocketCalls {
    private static final int[] LEVELS = {Socket.SOL_SOCKET, Socket.SOL_IP, Socket.SOL_TCP, Socket.SOL_UDP,
        Socket.SOL_RAW, Socket.SOL_NETLINK, Socket.SOL_IPV6, -1, 2, 1000};
    private static final int[] SOCKET_OPTS = {Socket.SO_REUSEADDR, Socket.SO_TYPE, Socket.SO_ERROR, Socket.SO_BROADCAST,
        Socket.SO_SNDBUF, Socket.SO_RCVBUF, Socket.SO_KEEPALIVE, Socket.SO_LINGER, Socket.SO_REUSEPORT,
        Socket.SO_RCVLOWAT, Socket.SO_RCVTIMEO, Socket.SO_SNDTIMEO, Socket.SO_ACCEPTCONN, Socket.SO_SNDBUFFORCE,
        Socket.SO_RCVBUFFORCE, Socket.SO_PROTOCOL, Socket.SO_DOMAIN, Socket.SO_MARK, Socket.SO_PEERCRED,
        Socket.SO_PRIORITY, Socket.SO_BINDTOIFINDEX};
    private static final int[] IP_TCP_OPTS = {In.IP_TOS, In.IP_TTL, In.IP_HDRINCL, In.IP_OPTIONS, In.IP_RECVERR,
        In.IP_FREEBIND, In.TCP_NODELAY, In.TCP_MAXSEG, In.TCP_CORK, In.TCP_KEEPIDLE, In.TCP_KEEPINTVL,
        In.TCP_KEEPCNT, In.TCP_SYNCNT, In.TCP_LINGER2, In.TCP_DEFER_ACCEPT, In.TCP_WINDOW_CLAMP, In.TCP_INFO,
        In.TCP_QUICKACK, In.TCP_CONGESTION, In.TCP_USER_TIMEOUT, In.TCP_FASTOPEN, In.TCP_NOTSENT_LOWAT,
        Netlink.NETLINK_ADD_MEMBERSHIP, Netlink.NETLINK_DROP_MEMBERSHIP, Netlink.NETLINK_LIST_MEMBERSHIPS,
        Netlink.NETLINK_EXT_ACK, Netlink.NETLINK_GET_STRICT_CHK, Netlink.NETLINK_NO_ENOBUFS};

    private final FuzzTask t;
    private final Args a;
    private final Task task;

    SocketCalls(FuzzTask t) {
        this.t = t;
        this.a = t.a;
        this.task = t.task;
    }

    /** socket(): mostly TCP, UDP, raw, ping and netlink; sometimes any family, type and protocol. */
    void create() {
        int k = a.r.nextInt(100);
        int family;
        int type;
        int protocol;
        if (k < 35) {
            family = Socket.AF_INET;
            type = Socket.SOCK_STREAM;
            protocol = a.pick(0, 0, 0, In.IPPROTO_TCP, In.IPPROTO_UDP);
        } else if (k < 60) {
            family = Socket.AF_INET;
            type = Socket.SOCK_DGRAM;
            protocol = a.pick(0, 0, 0, In.IPPROTO_UDP, In.IPPROTO_TCP, In.IPPROTO_UDPLITE);
        } else if (k < 68) {
            family = Socket.AF_INET;
            type = Socket.SOCK_RAW;
            protocol = a.pick(In.IPPROTO_ICMP, In.IPPROTO_RAW, In.IPPROTO_UDP, In.IPPROTO_TCP, 0, 255, 256, -1);
        } else if (k < 75) {
            family = Socket.AF_INET;
            type = Socket.SOCK_DGRAM;
            protocol = In.IPPROTO_ICMP;
        } else if (k < 85) {
            family = Socket.AF_NETLINK;
            type = a.pick(Socket.SOCK_RAW, Socket.SOCK_DGRAM, Socket.SOCK_STREAM);
            protocol = a.pick(Netlink.NETLINK_ROUTE, Netlink.NETLINK_USERSOCK, Netlink.NETLINK_SOCK_DIAG,
                    Netlink.NETLINK_GENERIC, Netlink.MAX_LINKS, -1, a.r.nextInt(40));
        } else {
            family = a.pick(Socket.AF_UNSPEC, Socket.AF_UNIX, Socket.AF_INET, Socket.AF_INET6, Socket.AF_NETLINK,
                    Socket.AF_PACKET, Socket.AF_MAX, Socket.AF_MAX - 1, 255, -1, Integer.MAX_VALUE, a.r.nextInt(64));
            type = a.pick(0, Socket.SOCK_STREAM, Socket.SOCK_DGRAM, Socket.SOCK_RAW, Socket.SOCK_SEQPACKET,
                    Socket.SOCK_RDM, Socket.SOCK_PACKET, Socket.SOCK_MAX, 15, a.r.nextInt());
            protocol = a.anyInt();
        }
        int flags = Socket.SOCK_NONBLOCK | (a.chance(20) ? Socket.SOCK_CLOEXEC : 0);
        int fullType = type | flags;
        Integer fd = t.call("socket", "family=" + family + " type=" + fullType + " protocol=" + protocol,
                () -> task.socket(family, fullType, protocol));
        if (fd != null) {
            t.opened(fd, kind(family, type & Socket.SOCK_TYPE_MASK, protocol));
        }
    }

    private static Kind kind(int family, int type, int protocol) {
        if (family == Socket.AF_NETLINK) {
            return Kind.NETLINK;
        }
        if (family != Socket.AF_INET) {
            return Kind.OTHER;
        }
        return switch (type) {
            case Socket.SOCK_STREAM -> Kind.TCP;
            case Socket.SOCK_DGRAM -> protocol == In.IPPROTO_ICMP ? Kind.PING : Kind.UDP;
            case Socket.SOCK_RAW -> Kind.RAW;
            default -> Kind.OTHER;
        };
    }

    /** One call on a socket: of a kind it holds most of the time, else any fd. */
    void op() {
        Kind kind = a.pick(java.util.List.of(Kind.TCP, Kind.TCP, Kind.TCP, Kind.UDP, Kind.UDP, Kind.RAW, Kind.PING,
                Kind.OTHER));
        int fd = t.fdOf(kind);
        switch (a.r.nextInt(16)) {
            case 0, 1 -> bind(fd);
            case 2, 3 -> connect(fd);
            case 4 -> listen(fd);
            case 5, 6 -> accept(fd);
            case 7, 8 -> send(fd);
            case 9, 10 -> recv(fd);
            case 11 -> {
                int how = a.pick(Socket.SHUT_RD, Socket.SHUT_WR, Socket.SHUT_RDWR, -1, 3, a.r.nextInt());
                t.call("shutdown", "fd=" + fd + " how=" + how, () -> {
                    task.shutdown(fd, how);
                    return true;
                });
            }
            case 12 -> {
                if (a.chance(50)) {
                    t.call("getsockname", "fd=" + fd, () -> task.getsockname(fd));
                } else {
                    t.call("getpeername", "fd=" + fd, () -> task.getpeername(fd));
                }
            }
            case 13 -> setsockopt(fd);
            default -> getsockopt(fd);
        }
    }

    void bind(int fd) {
        SockAddr addr = a.sockaddr();
        t.call("bind", "fd=" + fd + " addr=" + addr, () -> {
            task.bind(fd, addr);
            return true;
        });
    }

    private void connect(int fd) {
        SockAddr addr = a.sockaddr();
        t.call("connect", "fd=" + fd + " addr=" + addr, () -> {
            task.connect(fd, addr);
            return true;
        });
    }

    private void listen(int fd) {
        int backlog = a.pick(-1, 0, 1, 4, 128, Socket.SOMAXCONN, Socket.SOMAXCONN + 1, Integer.MAX_VALUE,
                Integer.MIN_VALUE, a.r.nextInt());
        t.call("listen", "fd=" + fd + " backlog=" + backlog, () -> {
            task.listen(fd, backlog);
            return true;
        });
    }

    private void accept(int fd) {
        int flags = Socket.SOCK_NONBLOCK | a.pick(0, 0, Socket.SOCK_CLOEXEC, 1, 0x7fffffff & a.r.nextInt());
        Accepted acc = t.call("accept4", "fd=" + fd + " flags=" + flags, () -> task.accept4(fd, flags));
        if (acc != null) {
            t.opened(acc.fd(), Kind.TCP);
        }
    }

    private void send(int fd) {
        byte[] data = a.payload();
        int flags = Socket.MSG_DONTWAIT | a.pick(0, 0, Socket.MSG_OOB, Socket.MSG_MORE, Socket.MSG_NOSIGNAL,
                Socket.MSG_CONFIRM, Socket.MSG_EOR, Socket.MSG_DONTROUTE, 1 << a.r.nextInt(31));
        String args = "fd=" + fd + " len=" + data.length + " flags=" + flags;
        switch (a.r.nextInt(3)) {
            case 0 -> t.call("send", args, () -> task.send(fd, data, flags));
            case 1 -> {
                SockAddr to = a.sockaddr();
                t.call("sendto", args + " to=" + to, () -> task.sendto(fd, data, flags, to));
            }
            default -> {
                SockAddr to = a.chance(50) ? SockAddr.none() : a.sockaddr();
                t.call("sendmsg", args + " name=" + to, () -> task.sendmsg(fd, data, flags, to));
            }
        }
    }

    void recv(int fd) {
        long len = a.count();
        int flags = Socket.MSG_DONTWAIT | a.pick(0, 0, Socket.MSG_PEEK, Socket.MSG_TRUNC, Socket.MSG_OOB,
                Socket.MSG_WAITALL, Socket.MSG_ERRQUEUE, Socket.MSG_CMSG_CLOEXEC, 1 << a.r.nextInt(31));
        String args = "fd=" + fd + " len=" + Long.toUnsignedString(len) + " flags=" + flags;
        t.call(a.pick(java.util.List.of("recv", "recvfrom", "recvmsg")), args, () -> task.recvmsg(fd, len, flags));
    }

    void setsockopt(int fd) {
        int level = a.pick(LEVELS);
        int name = optname(level);
        byte[] val;
        int k = a.r.nextInt(4);
        if (k == 0) {
            val = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(a.anyInt()).array();
        } else if (k == 1) {
            val = a.bytes(a.pick(0, 1, 2, 3, 5, 7, 8, 12, 16, 17, 64, 255));
        } else if (k == 2) {
            val = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(a.anyInt()).putInt(a.anyInt()).array();
        } else {
            val = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(a.r.nextLong() >> a.r.nextInt(64))
                    .putLong(a.r.nextLong() >> a.r.nextInt(64)).array();
        }
        t.call("setsockopt", "fd=" + fd + " level=" + level + " optname=" + name + " optlen=" + val.length, () -> {
            task.setsockopt(fd, level, name, val);
            return true;
        });
    }

    void getsockopt(int fd) {
        int level = a.pick(LEVELS);
        int name = optname(level);
        int optlen = a.pick(0, 1, 2, 3, 4, 5, 8, 16, 64, 1024, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, a.r.nextInt(300));
        t.call("getsockopt", "fd=" + fd + " level=" + level + " optname=" + name + " optlen=" + optlen,
                () -> task.getsockopt(fd, level, name, optlen));
    }

    private int optname(int level) {
        if (a.chance(15)) {
            return a.anyInt();
        }
        return level == Socket.SOL_SOCKET ? a.pick(SOCKET_OPTS) : a.pick(IP_TCP_OPTS);
    }
}
