package vkernel.inet.core.fib;

import static vkernel.uapi.IfAddr.IFA_ADDRESS;
import static vkernel.uapi.IfAddr.IFA_BROADCAST;
import static vkernel.uapi.IfAddr.IFA_CACHEINFO;
import static vkernel.uapi.IfAddr.IFA_FLAGS;
import static vkernel.uapi.IfAddr.IFA_LABEL;
import static vkernel.uapi.IfAddr.IFA_LOCAL;
import static vkernel.uapi.Netlink.NLM_F_DUMP_FILTERED;
import static vkernel.uapi.Netlink.NLM_F_MULTI;
import static vkernel.uapi.Rtnetlink.RTM_NEWADDR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.IfAddrMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;

/**
 * inet_dump_ifaddr (net/ipv4/devinet.c): the IPv4 addresses of the namespace's devices
 * as RTM_NEWADDR messages, as inet_fill_ifaddr writes them, device by device in
 * ifindex order; lo's 127.0.0.1/8, scope host, permanent, came with lo (inetdev_event
 * NETDEV_UP).
 */
public final class RtmAddr {
    private static final int INFINITY_LIFE_TIME = 0xffffffff;

    private RtmAddr() {}

    /** strictChk: cb->strict_check, the sender set NETLINK_GET_STRICT_CHK. */
    public static RtmRoute.DumpResult dump(Net net, byte[] request, int portid, boolean strictChk) {
        NlMsgHdr h = NlMsgHdr.peek(request, 0);
        if (h == null) {
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        if (!strictChk) {
            return new RtmRoute.DumpResult(Errno.ERRNO_UNSPECIFIED, fillAll(net.devices().all(), portid, h.seq(), 0));
        }
        // inet_valid_dump_ifaddr_req; an error ends the dump in NLMSG_DONE
        if (request.length < NlMsgHdr.SIZE + IfAddrMsg.SIZE) {
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        IfAddrMsg ifm = IfAddrMsg.decode(request, NlMsgHdr.SIZE);
        if (ifm.prefixlen() != 0 || ifm.flags() != 0 || ifm.scope() != 0) {
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        int answerFlags = ifm.index() != 0 ? NLM_F_DUMP_FILTERED : 0;
        if (!NlMsgParser.nlmsgAttrs(request, IfAddrMsg.SIZE).isEmpty()) {
            // IFA_TARGET_NETNSID is the one attribute it takes, and no namespace has an id
            // here (rtnl_get_net_ns_capable finds none): every attribute is EINVAL
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of(), answerFlags);
        }
        Collection<NetDevice> devs = net.devices().all();
        if (ifm.index() != 0) {
            NetDevice dev = net.fib().devByIndex(ifm.index());
            if (dev == null) {
                return new RtmRoute.DumpResult(Errno.ERRNO_ENODEV, List.of(), answerFlags);
            }
            devs = List.of(dev);
        }
        return new RtmRoute.DumpResult(Errno.ERRNO_UNSPECIFIED, fillAll(devs, portid, h.seq(), answerFlags),
                answerFlags);
    }

    private static List<byte[]> fillAll(Collection<NetDevice> devs, int portid, int seq, int answerFlags) {
        List<byte[]> out = new ArrayList<>();
        for (NetDevice dev : devs) {
            for (InIfaddr ifa : dev.ifaList()) {
                out.add(fill(RTM_NEWADDR, dev, ifa, portid, seq, NLM_F_MULTI | answerFlags));
            }
        }
        return out;
    }

    /** inet_fill_ifaddr: an address as RTM_NEWADDR or RTM_DELADDR; every address here is permanent. */
    public static byte[] fill(int event, NetDevice dev, InIfaddr ifa, int portid, int seq, int flags) {
        // struct ifa_cacheinfo: preferred, valid, and the creation and change times in hundredths of a second
        byte[] cacheinfo = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(INFINITY_LIFE_TIME)
                .putInt(INFINITY_LIFE_TIME).putInt(ifa.cstamp()).putInt(ifa.tstamp()).array();
        NlMsgBuilder b = new NlMsgBuilder(event, flags, seq, portid)
                .ifaddrmsg(new IfAddrMsg(Socket.AF_INET, ifa.prefixlen(), ifa.flags() & 0xff, ifa.scope(), dev.ifindex));
        if (ifa.address() != 0) {
            b.attrInAddr(IFA_ADDRESS, ifa.address());
        }
        if (ifa.local() != 0) {
            b.attrInAddr(IFA_LOCAL, ifa.local());
        }
        if (ifa.broadcast() != 0) {
            b.attrInAddr(IFA_BROADCAST, ifa.broadcast());
        }
        if (!ifa.label().isEmpty()) {
            b.attr(IFA_LABEL, (ifa.label() + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        return b.attrU32(IFA_FLAGS, ifa.flags()).attr(IFA_CACHEINFO, cacheinfo).build();
    }
}
