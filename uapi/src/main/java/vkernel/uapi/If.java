package vkernel.uapi;

/**
 * include/uapi/linux/if.h and if_arp.h: a device's flags (IFF_*), its RFC 2863
 * operational state (IF_OPER_*), the length of its name, and the hardware types a
 * device here has (ARPHRD_*).
 */
public final class If {
    private If() {}

    public static final int IFNAMSIZ = 16;

    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_DEBUG = 0x4;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_POINTOPOINT = 0x10;
    public static final int IFF_NOTRAILERS = 0x20;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_NOARP = 0x80;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_ALLMULTI = 0x200;
    public static final int IFF_MASTER = 0x400;
    public static final int IFF_SLAVE = 0x800;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_PORTSEL = 0x2000;
    public static final int IFF_AUTOMEDIA = 0x4000;
    public static final int IFF_DYNAMIC = 0x8000;
    public static final int IFF_LOWER_UP = 0x10000;
    public static final int IFF_DORMANT = 0x20000;
    public static final int IFF_ECHO = 0x40000;

    public static final int IF_OPER_UNKNOWN = 0;
    public static final int IF_OPER_NOTPRESENT = 1;
    public static final int IF_OPER_DOWN = 2;
    public static final int IF_OPER_LOWERLAYERDOWN = 3;
    public static final int IF_OPER_TESTING = 4;
    public static final int IF_OPER_DORMANT = 5;
    public static final int IF_OPER_UP = 6;

    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;
}
