package vkernel.uapi;

/** include/uapi/linux/netlink.h. */
public final class Netlink {
    private Netlink() {}

    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_UNUSED = 1;
    public static final int NETLINK_USERSOCK = 2;
    public static final int NETLINK_FIREWALL = 3;
    public static final int NETLINK_SOCK_DIAG = 4;
    public static final int NETLINK_INET_DIAG = NETLINK_SOCK_DIAG;
    public static final int NETLINK_NFLOG = 5;
    public static final int NETLINK_XFRM = 6;
    public static final int NETLINK_SELINUX = 7;
    public static final int NETLINK_ISCSI = 8;
    public static final int NETLINK_AUDIT = 9;
    public static final int NETLINK_FIB_LOOKUP = 10;
    public static final int NETLINK_CONNECTOR = 11;
    public static final int NETLINK_NETFILTER = 12;
    public static final int NETLINK_IP6_FW = 13;
    public static final int NETLINK_DNRTMSG = 14;
    public static final int NETLINK_KOBJECT_UEVENT = 15;
    public static final int NETLINK_GENERIC = 16;
    public static final int NETLINK_SCSITRANSPORT = 18;
    public static final int NETLINK_ECRYPTFS = 19;
    public static final int NETLINK_RDMA = 20;
    public static final int NETLINK_CRYPTO = 21;
    public static final int NETLINK_SMC = 22;
    public static final int MAX_LINKS = 32;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_ATOMIC = 0x400;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    /** Modifiers of NEW requests. */
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    /** Modifiers of DELETE requests. */
    public static final int NLM_F_NONREC = 0x100;
    public static final int NLM_F_BULK = 0x200;
    /** Flags of an NLMSG_ERROR (ACK) message. */
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;

    public static final int NLMSG_NOOP = 0x1;
    public static final int NLMSG_ERROR = 0x2;
    public static final int NLMSG_DONE = 0x3;
    public static final int NLMSG_OVERRUN = 0x4;
    public static final int NLMSG_MIN_TYPE = 0x10;

    public static final int NLMSG_ALIGNTO = 4;
    /** NLMSG_HDRLEN: sizeof(struct nlmsghdr), already aligned. */
    public static final int NLMSG_HDRLEN = 16;

    /** enum nlmsgerr_attrs: the extended ack TLVs after a struct nlmsgerr (NLM_F_ACK_TLVS). */
    public static final int NLMSGERR_ATTR_UNUSED = 0;
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_OFFS = 2;
    public static final int NLMSGERR_ATTR_COOKIE = 3;
    public static final int NLMSGERR_ATTR_POLICY = 4;
    public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
    public static final int NLMSGERR_ATTR_MISS_NEST = 6;

    /** struct nlattr: the two flag bits of nla_type, and the type they leave. */
    public static final int NLA_F_NESTED = 1 << 15;
    public static final int NLA_F_NET_BYTEORDER = 1 << 14;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
    public static final int NLA_ALIGNTO = 4;
    /** NLA_HDRLEN: sizeof(struct nlattr), already aligned (struct rtattr is the same). */
    public static final int NLA_HDRLEN = 4;

    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    public static final int NETLINK_PKTINFO = 3;
    public static final int NETLINK_BROADCAST_ERROR = 4;
    public static final int NETLINK_NO_ENOBUFS = 5;
    public static final int NETLINK_RX_RING = 6;
    public static final int NETLINK_TX_RING = 7;
    public static final int NETLINK_LISTEN_ALL_NSID = 8;
    public static final int NETLINK_LIST_MEMBERSHIPS = 9;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    /** NLMSG_ALIGN. */
    public static int nlmsgAlign(int len) {
        return (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }

    /** NLA_ALIGN (RTA_ALIGN is the same). */
    public static int nlaAlign(int len) {
        return (len + NLA_ALIGNTO - 1) & ~(NLA_ALIGNTO - 1);
    }
}
