package vkernel.inet.core.fib;

import static vkernel.uapi.IfAddr.IFA_ADDRESS;
import static vkernel.uapi.IfAddr.IFA_CACHEINFO;
import static vkernel.uapi.IfAddr.IFA_FLAGS;
import static vkernel.uapi.IfAddr.IFA_F_PERMANENT;
import static vkernel.uapi.IfAddr.IFA_LABEL;
import static vkernel.uapi.IfAddr.IFA_LOCAL;
import static vkernel.uapi.Netlink.NLM_F_DUMP_FILTERED;
import static vkernel.uapi.Netlink.NLM_F_MULTI;
import static vkernel.uapi.Rtnetlink.RTM_NEWADDR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.IfAddrMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgHdr;
import vkernel.uapi.netlink.NlMsgParser;

/**
 * inet_dump_ifaddr (net/ipv4/devinet.c): the IPv4 addresses of the namespace's devices
 * as RTM_NEWADDR messages, as inet_fill_ifaddr writes them. The only one is lo's
 * 127.0.0.1/8, scope host, permanent (made when lo came up, inetdev_event NETDEV_UP).
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
            return new RtmRoute.DumpResult(Errno.ERRNO_UNSPECIFIED, List.of(fill(net, net.lo(), portid, h.seq(), 0)));
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
        NetDevice dev = ifm.index() != 0 ? net.fib().devByIndex(ifm.index()) : net.lo();
        if (dev == null) {
            return new RtmRoute.DumpResult(Errno.ERRNO_ENODEV, List.of(), answerFlags);
        }
        return new RtmRoute.DumpResult(Errno.ERRNO_UNSPECIFIED, List.of(fill(net, dev, portid, h.seq(), answerFlags)),
                answerFlags);
    }

    /** inet_fill_ifaddr for a device's primary address. */
    static byte[] fill(Net net, NetDevice dev, int portid, int seq, int answerFlags) {
        byte[] label = (dev.name() + "\0").getBytes(StandardCharsets.US_ASCII);
        // struct ifa_cacheinfo: preferred, valid, and the creation and change times in hundredths of a second
        int stamp = (int) (net.createdMillis() / 10);
        byte[] cacheinfo = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(INFINITY_LIFE_TIME)
                .putInt(INFINITY_LIFE_TIME).putInt(stamp).putInt(stamp).array();
        return new NlMsgBuilder(RTM_NEWADDR, NLM_F_MULTI | answerFlags, seq, portid)
                .ifaddrmsg(new IfAddrMsg(Socket.AF_INET, dev.prefixlen(), IFA_F_PERMANENT, dev.scope(), dev.ifindex()))
                .attrInAddr(IFA_ADDRESS, dev.addr()).attrInAddr(IFA_LOCAL, dev.addr()).attr(IFA_LABEL, label)
                .attrU32(IFA_FLAGS, IFA_F_PERMANENT).attr(IFA_CACHEINFO, cacheinfo).build();
    }
}
