package vkernel.inet.core.dev;

import static vkernel.uapi.If.*;

import java.util.ArrayList;
import java.util.List;

/**
 * struct net_device (include/linux/netdevice.h) with its in_device's addresses
 * (inetdevice.h): what rtnetlink shows of a device and what routing reads. A device is
 * the loopback (kind null, made with its namespace) or one RTM_NEWLINK made, of kind
 * "dummy" or "ifb" (drivers/net/dummy.c, ifb.c: an Ethernet device that drops or
 * loops back what it is given; both look alike here, but for ifb's queue length).
 * Guarded by the namespace lock.
 */
public final class NetDevice {
    public static final int LOOPBACK_IFINDEX = 1;
    /** DEFAULT_TX_QUEUE_LEN of ether_setup; ifb's TX_Q_LIMIT. */
    static final int DEFAULT_TX_QUEUE_LEN = 1000;
    static final int IFB_TX_Q_LIMIT = 32;

    public final int ifindex;
    /** rtnl_link_ops->kind: null for the loopback. */
    public final String kind;
    /** dev->type: ARPHRD_LOOPBACK or ARPHRD_ETHER. */
    public final int type;
    String name;
    /** dev->flags as userspace sees them, IFF_UP included (dev_get_flags adds RUNNING, LOWER_UP). */
    int flags;
    int mtu;
    int txqlen;
    /** dev_addr and broadcast: 6 bytes each (all zero on the loopback). */
    final byte[] address;
    final byte[] broadcast;
    String qdisc;
    /** inet6_dev's tstamp (hundredths of a second of uptime) and ND reachable time: reported, never used. */
    int createdStamp;
    final int reachableTime = LinkAf.randReachTime();
    /** in_device's ifa_list: primaries first, then secondaries, each in the order added. */
    final List<InIfaddr> ifaList = new ArrayList<>();

    NetDevice(int ifindex, String name, String kind, int type, int flags, int mtu, int txqlen, byte[] address,
            byte[] broadcast) {
        this.ifindex = ifindex;
        this.name = name;
        this.kind = kind;
        this.type = type;
        this.flags = flags;
        this.mtu = mtu;
        this.txqlen = txqlen;
        this.address = address;
        this.broadcast = broadcast;
        this.qdisc = up() ? defaultQdisc() : "noop";
    }

    /** loopback_setup: lo, MTU 64 KiB, no queue; down in a new namespace until someone brings it up. */
    static NetDevice newLoopback(boolean up) {
        return new NetDevice(LOOPBACK_IFINDEX, "lo", null, ARPHRD_LOOPBACK, IFF_LOOPBACK | (up ? IFF_UP : 0), 65536,
                DEFAULT_TX_QUEUE_LEN, new byte[6], new byte[6]);
    }

    /** dummy_setup / ifb_setup after ether_setup: down, NOARP, broadcast, a random locally administered address. */
    static NetDevice ether(int ifindex, String name, String kind, byte[] address) {
        byte[] bcast = {-1, -1, -1, -1, -1, -1};
        int txqlen = kind.equals("ifb") ? IFB_TX_Q_LIMIT : DEFAULT_TX_QUEUE_LEN;
        return new NetDevice(ifindex, name, kind, ARPHRD_ETHER, IFF_BROADCAST | IFF_NOARP, 1500, txqlen, address,
                bcast);
    }

    public String name() {
        return name;
    }

    public int mtu() {
        return mtu;
    }

    public int txqlen() {
        return txqlen;
    }

    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    public boolean loopback() {
        return (flags & IFF_LOOPBACK) != 0;
    }

    /** dev->flags without the carrier bits. */
    public int rawFlags() {
        return flags;
    }

    /** dev_get_flags: an up device with carrier is RUNNING and LOWER_UP (these have carrier always). */
    public int flags() {
        return up() ? flags | IFF_RUNNING | IFF_LOWER_UP : flags;
    }

    /** dev->operstate: the loopback and an up virtual device stay UNKNOWN (no driver reports more); DOWN when down. */
    public int operstate() {
        return up() ? IF_OPER_UNKNOWN : IF_OPER_DOWN;
    }

    /** The root qdisc's id (dev->qdisc): noop until the device first comes up, which attaches its default. */
    public String qdisc() {
        return qdisc;
    }

    /** The qdisc dev_activate attaches: none for a device without a queue (lo, dummy), else pfifo_fast. */
    String defaultQdisc() {
        return kind == null || kind.equals("dummy") ? "noqueue" : "pfifo_fast";
    }

    public byte[] address() {
        return address.clone();
    }

    public byte[] broadcast() {
        return broadcast.clone();
    }

    /** The device's IPv4 addresses (in_dev->ifa_list), primaries first. */
    public List<InIfaddr> ifaList() {
        return ifaList;
    }

    /** The first primary address, or null. */
    public InIfaddr primary() {
        for (InIfaddr ifa : ifaList) {
            if (!ifa.secondary()) {
                return ifa;
            }
        }
        return null;
    }
}
