package vkernel.inet.core.dev;

import static vkernel.uapi.IfLink.*;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.inet.core.fib.RtmRoute;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.IfInfoMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;
import vkernel.uapi.netlink.RtAttr;

/**
 * The link messages of rtnetlink (net/core/rtnetlink.c): rtnl_fill_ifinfo (a device as
 * RTM_NEWLINK / RTM_DELLINK, Linux 6.18's attributes in its order), rtnl_dump_ifinfo
 * and rtnl_getlink. The changes (RTM_NEWLINK, RTM_SETLINK, RTM_DELLINK) are
 * {@link LinkChange}'s. Counters are zero: no packet crosses a device here but lo, and
 * lo's are not counted.
 */
public final class RtmLink {
    /** GSO_MAX_SEGS, GSO_LEGACY_MAX_SIZE and TSO_LEGACY_MAX_SIZE: what a device without offloads advertises. */
    private static final int GSO_MAX_SEGS = 65535;
    private static final int GSO_MAX_SIZE = 65536;
    private static final int TSO_MAX_SIZE = 524280;
    /** sizeof(struct rtnl_link_stats64), of struct rtnl_link_stats, of struct rtnl_link_ifmap. */
    private static final int STATS64_SIZE = 200;
    private static final int STATS_SIZE = 96;
    private static final int IFMAP_SIZE = 32;

    private RtmLink() {}

    /**
     * rtnl_fill_ifinfo; change is ifi_change (~0 for a device that comes or goes),
     * extFilterMask IFLA_EXT_MASK's RTEXT_FILTER_* bits.
     */
    public static byte[] fill(int event, NetDevice dev, int portid, int seq, int change, int flags, int extFilterMask) {
        NlMsgBuilder b = new NlMsgBuilder(event, flags, seq, portid)
                .fixed(new IfInfoMsg(Socket.AF_UNSPEC, 0, dev.type, dev.ifindex, dev.flags(), change).encode())
                .attr(RtAttr.string(IFLA_IFNAME, dev.name))
                .attrU32(IFLA_TXQLEN, dev.txqlen)
                .attr(u8(IFLA_OPERSTATE, dev.operstate()))
                .attr(u8(IFLA_LINKMODE, 0))
                .attr(u8(IFLA_NETNS_IMMUTABLE, dev.loopback() ? 1 : 0)) // the loopback never leaves its namespace
                .attrU32(IFLA_MTU, dev.mtu)
                .attrU32(IFLA_MIN_MTU, 0)
                .attrU32(IFLA_MAX_MTU, 0)
                .attrU32(IFLA_GROUP, 0)
                .attrU32(IFLA_PROMISCUITY, 0)
                .attrU32(IFLA_ALLMULTI, 0)
                .attrU32(IFLA_NUM_TX_QUEUES, 1)
                .attrU32(IFLA_GSO_MAX_SEGS, GSO_MAX_SEGS)
                .attrU32(IFLA_GSO_MAX_SIZE, GSO_MAX_SIZE)
                .attrU32(IFLA_GRO_MAX_SIZE, GSO_MAX_SIZE)
                .attrU32(IFLA_GSO_IPV4_MAX_SIZE, GSO_MAX_SIZE)
                .attrU32(IFLA_GRO_IPV4_MAX_SIZE, GSO_MAX_SIZE)
                .attrU32(IFLA_TSO_MAX_SIZE, TSO_MAX_SIZE)
                .attrU32(IFLA_TSO_MAX_SEGS, GSO_MAX_SEGS)
                .attrU32(IFLA_MAX_PACING_OFFLOAD_HORIZON, 0)
                .attrU32(IFLA_NUM_RX_QUEUES, 1)
                .attr(u8(IFLA_CARRIER, 1))
                .attrU32(IFLA_CARRIER_CHANGES, 0)
                .attrU32(IFLA_CARRIER_UP_COUNT, 0)
                .attrU32(IFLA_CARRIER_DOWN_COUNT, 0)
                .attr(new RtAttr(IFLA_HEADROOM, new byte[2]))
                .attr(new RtAttr(IFLA_TAILROOM, new byte[2]))
                .attr(u8(IFLA_PROTO_DOWN, 0))
                .attr(IFLA_ADDRESS, dev.address())
                .attr(IFLA_BROADCAST, dev.broadcast())
                .attr(IFLA_STATS64, new byte[STATS64_SIZE])
                .attr(IFLA_STATS, new byte[STATS_SIZE])
                .attr(RtAttr.nestedNoflag(IFLA_XDP, List.of(u8(IFLA_XDP_ATTACHED, 0))));
        if (dev.kind != null) {
            b.attr(RtAttr.nestedNoflag(IFLA_LINKINFO, List.of(RtAttr.string(IFLA_INFO_KIND, dev.kind))));
        }
        b.attr(RtAttr.string(IFLA_QDISC, dev.qdisc()));
        // a device being unregistered has lost its in_device and inet6_dev: the families say nothing
        b.attr(event == Rtnetlink.RTM_DELLINK ? new RtAttr(IFLA_AF_SPEC, new byte[0]) : LinkAf.fill(dev, extFilterMask));
        return b.attr(IFLA_MAP, new byte[IFMAP_SIZE])
                .attr(RtAttr.nested(IFLA_DEVLINK_PORT, List.of()))
                .attr(RtAttr.nested(IFLA_DPLL_PIN, List.of()))
                .build();
    }

    private static RtAttr u8(int type, int v) {
        return new RtAttr(type, new byte[] {(byte) v});
    }

    /** rtmsg_ifinfo: the RTNLGRP_LINK notification of a device, from the kernel (portid 0, seq 0). */
    static RtmRoute.Notification notify(int event, NetDevice dev, int change) {
        return new RtmRoute.Notification(Rtnetlink.RTNLGRP_LINK, fill(event, dev, 0, 0, change, 0, 0));
    }

    /**
     * rtnl_dump_ifinfo: every device in ifindex order. With strict checking the request
     * is rtnl_valid_dump_ifinfo_req's: a whole ifinfomsg with nothing in it but the
     * family, and only IFLA_TARGET_NETNSID, IFLA_EXT_MASK, IFLA_MASTER, IFLA_LINKINFO.
     */
    public static RtmRoute.DumpResult dump(Net net, byte[] request, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(request, 0);
        if (h == null) {
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        int flags = Netlink.NLM_F_MULTI;
        String kind = null;
        int master = 0;
        int extFilterMask = 0;
        boolean valid = true;
        int hdrlen = request.length - NlMsgHdr.SIZE < IfInfoMsg.SIZE ? 1 : IfInfoMsg.SIZE; // rtgenmsg of old iproute2
        if (strictChk) {
            if (request.length < NlMsgHdr.SIZE + IfInfoMsg.SIZE) {
                return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of()); // "Invalid header for link dump"
            }
            IfInfoMsg ifm = IfInfoMsg.decode(request, NlMsgHdr.SIZE);
            if (ifm.pad() != 0 || ifm.type() != 0 || ifm.flags() != 0 || ifm.change() != 0 || ifm.index() != 0) {
                return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
            }
            hdrlen = IfInfoMsg.SIZE;
        }
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(request, hdrlen);
        Errno bad = IflaPolicy.validate(attrs, strictChk);
        if (bad != null) {
            if (strictChk) {
                return new RtmRoute.DumpResult(bad, List.of());
            }
            valid = false; // a bad attribute leaves an unfiltered dump
        }
        for (RtAttr a : valid ? attrs : List.<RtAttr>of()) {
            switch (a.nlaType()) {
                case IFLA_TARGET_NETNSID -> {
                    return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of()); // no namespace has an id here
                }
                case IFLA_EXT_MASK -> extFilterMask = a.u32();
                case IFLA_MASTER -> master = a.u32();
                case IFLA_LINKINFO -> kind = IflaPolicy.kind(a);
                default -> {
                    if (strictChk) {
                        return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of()); // "Unsupported attribute"
                    }
                }
            }
        }
        if (master != 0 || kind != null) {
            flags |= Netlink.NLM_F_DUMP_FILTERED;
        }
        List<byte[]> out = new ArrayList<>();
        for (NetDevice dev : net.devices().all()) {
            // link_dump_filtered: no device here has a master; a kind keeps the devices of that kind
            if (master != 0 || kind != null && !kind.equals(dev.kind)) {
                continue;
            }
            out.add(fill(Rtnetlink.RTM_NEWLINK, dev, portid, h.seq(), 0, flags, extFilterMask));
        }
        return new RtmRoute.DumpResult(Errno.ERRNO_UNSPECIFIED, out);
    }

    /** rtnl_getlink: one device by ifi_index, else by IFLA_IFNAME; rtnl_valid_getlink_req's checks first. */
    public static RtmRoute.DoitResult getlink(Net net, byte[] msg, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(msg, 0);
        if (h == null || msg.length < NlMsgHdr.SIZE + IfInfoMsg.SIZE) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL); // "Invalid header for get link"
        }
        IfInfoMsg ifm = IfInfoMsg.decode(msg, NlMsgHdr.SIZE);
        List<RtAttr> attrs = NlMsgParser.nlmsgAttrs(msg, IfInfoMsg.SIZE);
        if (strictChk && (ifm.pad() != 0 || ifm.type() != 0 || ifm.flags() != 0 || ifm.change() != 0)) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL);
        }
        Errno bad = IflaPolicy.validate(attrs, strictChk);
        if (bad != null) {
            return RtmRoute.DoitResult.error(bad);
        }
        String name = null;
        boolean altName = false;
        int extFilterMask = 0;
        for (RtAttr a : attrs) {
            switch (a.nlaType()) {
                case IFLA_IFNAME -> name = a.string();
                case IFLA_TARGET_NETNSID -> {
                    return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL);
                }
                case IFLA_ALT_IFNAME -> altName = true;
                case IFLA_EXT_MASK -> extFilterMask = a.u32();
                default -> {
                    if (strictChk) {
                        return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL); // "Unsupported attribute in get link request"
                    }
                }
            }
        }
        NetDevice dev;
        if (ifm.index() > 0) {
            dev = net.devices().getByIndex(ifm.index());
        } else if (name != null || altName) {
            dev = name != null ? net.devices().getByName(name) : null; // no device has an alternative name
        } else {
            return RtmRoute.DoitResult.error(Errno.ERRNO_EINVAL);
        }
        if (dev == null) {
            return RtmRoute.DoitResult.error(Errno.ERRNO_ENODEV);
        }
        return new RtmRoute.DoitResult(Errno.ERRNO_UNSPECIFIED, List.of(),
                List.of(fill(Rtnetlink.RTM_NEWLINK, dev, portid, h.seq(), 0, 0, extFilterMask)));
    }
}
