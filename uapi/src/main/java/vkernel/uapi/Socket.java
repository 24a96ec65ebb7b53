package vkernel.uapi;

/** include/linux/socket.h, include/linux/net.h, asm-generic/socket.h. */
public final class Socket {
    private Socket() {}

    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_LOCAL = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int AF_AX25 = 3;
    public static final int AF_IPX = 4;
    public static final int AF_APPLETALK = 5;
    public static final int AF_NETROM = 6;
    public static final int AF_BRIDGE = 7;
    public static final int AF_ATMPVC = 8;
    public static final int AF_X25 = 9;
    public static final int AF_ROSE = 11;
    public static final int AF_DECnet = 12;
    public static final int AF_NETBEUI = 13;
    public static final int AF_SECURITY = 14;
    public static final int AF_KEY = 15;
    public static final int AF_ASH = 18;
    public static final int AF_ECONET = 19;
    public static final int AF_ATMSVC = 20;
    public static final int AF_RDS = 21;
    public static final int AF_SNA = 22;
    public static final int AF_IRDA = 23;
    public static final int AF_PPPOX = 24;
    public static final int AF_WANPIPE = 25;
    public static final int AF_LLC = 26;
    public static final int AF_IB = 27;
    public static final int AF_MPLS = 28;
    public static final int AF_CAN = 29;
    public static final int AF_TIPC = 30;
    public static final int AF_BLUETOOTH = 31;
    public static final int AF_IUCV = 32;
    public static final int AF_RXRPC = 33;
    public static final int AF_ISDN = 34;
    public static final int AF_PHONET = 35;
    public static final int AF_IEEE802154 = 36;
    public static final int AF_CAIF = 37;
    public static final int AF_ALG = 38;
    public static final int AF_NFC = 39;
    public static final int AF_VSOCK = 40;
    public static final int AF_KCM = 41;
    public static final int AF_QIPCRTR = 42;
    public static final int AF_SMC = 43;
    public static final int AF_XDP = 44;
    public static final int AF_MCTP = 45;
    public static final int PF_UNIX = AF_UNIX;
    public static final int PF_LOCAL = AF_LOCAL;
    public static final int PF_INET6 = AF_INET6;
    public static final int PF_PACKET = AF_PACKET;
    /** NPROTO: family numbers at or above it are out of range. */
    public static final int AF_MAX = 46;

    public static final int PF_UNSPEC = AF_UNSPEC;
    public static final int PF_INET = AF_INET;
    public static final int PF_NETLINK = AF_NETLINK;

    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_RDM = 4;
    public static final int SOCK_SEQPACKET = 5;
    public static final int SOCK_DCCP = 6;
    public static final int SOCK_PACKET = 10;
    public static final int SOCK_MAX = SOCK_PACKET + 1;
    public static final int SOCK_TYPE_MASK = 0xf;
    public static final int SOCK_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int SOCK_NONBLOCK = Fcntl.O_NONBLOCK;

    public static final int SOL_SOCKET = 1;
    public static final int SOL_IP = 0;
    public static final int SOL_TCP = 6;
    public static final int SOL_UDP = 17;
    public static final int SOL_RAW = 255;
    public static final int SOL_NETLINK = 270;
    public static final int SOL_IPV6 = 41;

    public static final int SO_DEBUG = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_DONTROUTE = 5;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_OOBINLINE = 10;
    public static final int SO_NO_CHECK = 11;
    public static final int SO_PRIORITY = 12;
    public static final int SO_LINGER = 13;
    public static final int SO_BSDCOMPAT = 14;
    public static final int SO_REUSEPORT = 15;
    public static final int SO_PASSCRED = 16;
    public static final int SO_PEERCRED = 17;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_SNDLOWAT = 19;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDTIMEO = 21;
    public static final int SO_RCVTIMEO_OLD = 20;
    public static final int SO_SNDTIMEO_OLD = 21;
    public static final int SO_TIMESTAMP = 29;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_PROTOCOL = 38;
    public static final int SO_DOMAIN = 39;
    public static final int SO_MARK = 36;
    public static final int SO_RXQ_OVFL = 40;
    public static final int SO_BUSY_POLL = 46;
    public static final int SO_INCOMING_CPU = 49;
    public static final int SO_ZEROCOPY = 60;
    public static final int SO_BINDTOIFINDEX = 62;

    public static final int MSG_OOB = 1;
    public static final int MSG_PEEK = 2;
    public static final int MSG_DONTROUTE = 4;
    public static final int MSG_CTRUNC = 8;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_EOR = 0x80;
    public static final int MSG_CONFIRM = 0x800;
    public static final int MSG_ERRQUEUE = 0x2000;
    public static final int MSG_WAITALL = 0x100;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_MORE = 0x8000;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    /** net.core.somaxconn default. */
    public static final int SOMAXCONN = 4096;
}
