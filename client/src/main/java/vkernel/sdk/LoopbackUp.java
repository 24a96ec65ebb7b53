package vkernel.sdk;

import java.util.Arrays;
import vkernel.uapi.If;
import vkernel.uapi.Netlink;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.IfInfoMsg;
import vkernel.uapi.netlink.NlMsgBuilder;
import vkernel.uapi.netlink.NlMsgErr;
import vkernel.uapi.netlink.NlMsgHdr;

/**
 * `ip link set lo up` in a network namespace, done in user space as a container runtime
 * does it: a namespace made by unshare is born with lo down and no address, so nothing
 * reaches 127.0.0.1 until someone with CAP_NET_ADMIN there brings lo up. A short-lived
 * root task joins the namespace, sends RTM_NEWLINK over NETLINK_ROUTE, reads the ack and
 * exits; the kernel gives lo 127.0.0.1/8 and its routes, as Linux's inetdev_event does.
 */
final class LoopbackUp {
    private static final int LOOPBACK_IFINDEX = 1;

    private LoopbackUp() {}

    static void in(VKernel kernel, long netns) {
        try (Task ip = kernel.spawn(SpawnOptions.named("ip").joinNetns(netns))) {
            int fd = ip.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
            try {
                byte[] req = new NlMsgBuilder(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, 1, 0)
                        .fixed(new IfInfoMsg(Socket.AF_UNSPEC, 0, 0, LOOPBACK_IFINDEX, If.IFF_UP, If.IFF_UP).encode())
                        .build();
                ip.sendto(fd, req, 0, SockAddr.netlink(0, 0));
                byte[] ack = ip.recv(fd, 4096, 0).data();
                NlMsgHdr h = NlMsgHdr.decode(ack, 0);
                int error = h.type() == Netlink.NLMSG_ERROR
                        ? NlMsgErr.decode(Arrays.copyOfRange(ack, NlMsgHdr.SIZE, ack.length)).error() : 0;
                if (error != 0) {
                    throw new ErrnoException("ip link set lo up", -error);
                }
            } finally {
                ip.close(fd);
            }
        }
    }
}
