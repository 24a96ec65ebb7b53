package vkernel.inet.core.fib;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.uapi.Socket;

/**
 * inet_dump_ifaddr (net/ipv4/devinet.c): the IPv4 addresses of the namespace's devices
 * as RTM_NEWADDR messages, as inet_fill_ifaddr writes them. The only one is lo's
 * 127.0.0.1/8, scope host, permanent (made when lo came up, inetdev_event NETDEV_UP).
 */
public final class RtmAddr {
    static final int RTM_NEWADDR = 20;
    public static final int RTM_GETADDR = 22;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_LABEL = 3;
    private static final int IFA_CACHEINFO = 6;
    private static final int IFA_FLAGS = 8;
    private static final int IFA_F_PERMANENT = 0x80;
    private static final int INFINITY_LIFE_TIME = 0xffffffff;

    private RtmAddr() {}

    public static RtmRoute.DumpResult dump(Net net, byte[] request, int portid) {
        NlMsg.Header h = NlMsg.header(request);
        if (h == null) {
            return new RtmRoute.DumpResult(Errno.ERRNO_EINVAL, List.of());
        }
        return new RtmRoute.DumpResult(Errno.ERRNO_UNSPECIFIED, List.of(fill(net, net.lo(), portid, h.seq())));
    }

    /** inet_fill_ifaddr for a device's primary address. */
    static byte[] fill(Net net, NetDevice dev, int portid, int seq) {
        byte[] ifaddrmsg = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put((byte) Socket.AF_INET)
                .put((byte) dev.prefixlen()).put((byte) IFA_F_PERMANENT).put((byte) dev.scope()).putInt(dev.ifindex())
                .array();
        byte[] label = (dev.name() + "\0").getBytes(StandardCharsets.US_ASCII);
        // struct ifa_cacheinfo: preferred, valid, and the creation and change times in hundredths of a second
        int stamp = (int) (net.createdMillis() / 10);
        byte[] cacheinfo = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(INFINITY_LIFE_TIME)
                .putInt(INFINITY_LIFE_TIME).putInt(stamp).putInt(stamp).array();
        return new NlMsg.Builder(RTM_NEWADDR, NlMsg.NLM_F_MULTI, seq, portid).attrRaw(ifaddrmsg)
                .inAddr(IFA_ADDRESS, dev.addr()).inAddr(IFA_LOCAL, dev.addr()).attr(IFA_LABEL, label)
                .u32(IFA_FLAGS, IFA_F_PERMANENT).attr(IFA_CACHEINFO, cacheinfo).build();
    }
}
