package vkernel.uapi;

/** include/uapi/linux/if_link.h: the attributes of struct ifinfomsg (RTM_NEWLINK ...) and of IFLA_LINKINFO. */
public final class IfLink {
    private IfLink() {}

    public static final int IFLA_UNSPEC = 0;
    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_BROADCAST = 2;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_QDISC = 6;
    public static final int IFLA_STATS = 7;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_TXQLEN = 13;
    public static final int IFLA_MAP = 14;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKMODE = 17;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_NET_NS_PID = 19;
    public static final int IFLA_IFALIAS = 20;
    public static final int IFLA_STATS64 = 23;
    public static final int IFLA_AF_SPEC = 26;
    public static final int IFLA_GROUP = 27;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_EXT_MASK = 29;
    public static final int IFLA_PROMISCUITY = 30;
    public static final int IFLA_NUM_TX_QUEUES = 31;
    public static final int IFLA_NUM_RX_QUEUES = 32;
    public static final int IFLA_CARRIER = 33;
    public static final int IFLA_CARRIER_CHANGES = 35;
    public static final int IFLA_PROTO_DOWN = 39;
    public static final int IFLA_GSO_MAX_SEGS = 40;
    public static final int IFLA_GSO_MAX_SIZE = 41;
    public static final int IFLA_XDP = 43;
    public static final int IFLA_TARGET_NETNSID = 46;
    public static final int IFLA_CARRIER_UP_COUNT = 47;
    public static final int IFLA_CARRIER_DOWN_COUNT = 48;
    public static final int IFLA_MIN_MTU = 50;
    public static final int IFLA_MAX_MTU = 51;
    public static final int IFLA_ALT_IFNAME = 53;
    public static final int IFLA_GRO_MAX_SIZE = 58;
    public static final int IFLA_TSO_MAX_SIZE = 59;
    public static final int IFLA_TSO_MAX_SEGS = 60;
    public static final int IFLA_ALLMULTI = 61;
    public static final int IFLA_DEVLINK_PORT = 62;
    public static final int IFLA_GSO_IPV4_MAX_SIZE = 63;
    public static final int IFLA_GRO_IPV4_MAX_SIZE = 64;
    public static final int IFLA_DPLL_PIN = 65;
    public static final int IFLA_MAX_PACING_OFFLOAD_HORIZON = 66;
    public static final int IFLA_NETNS_IMMUTABLE = 67;
    public static final int IFLA_HEADROOM = 68;
    public static final int IFLA_TAILROOM = 69;
    public static final int IFLA_MAX = 69;

    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;

    public static final int IFLA_INET_CONF = 1;

    public static final int IFLA_XDP_ATTACHED = 2;

    /** IFLA_EXT_MASK bits (RTEXT_FILTER_*). */
    public static final int RTEXT_FILTER_VF = 1;
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;
}
