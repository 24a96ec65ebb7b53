package vkernel.sdk;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.LinkUp;

/**
 * `ip link set lo up` in a network namespace, done in user space as a container runtime
 * does it: a namespace made by unshare is born with lo down and no address, so nothing
 * reaches 127.0.0.1 until someone with CAP_NET_ADMIN there brings lo up. A short-lived
 * root task joins the namespace, sends RTM_NEWLINK over NETLINK_ROUTE, reads the ack and
 * exits; the kernel gives lo 127.0.0.1/8 and its routes, as Linux's inetdev_event does.
 */
final class LoopbackUp {
    private LoopbackUp() {}

    static void in(VKernel kernel, long netns) {
        try (Task ip = kernel.spawn(SpawnOptions.named("ip").joinNetns(netns))) {
            int fd = ip.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
            try {
                ip.sendto(fd, LinkUp.request(LinkUp.LOOPBACK_IFINDEX, 1), 0, SockAddr.netlink(0, 0));
                int errno = LinkUp.errnoOf(ip.recv(fd, 4096, 0).data());
                if (errno != 0) {
                    throw new ErrnoException("ip link set lo up", errno < 0 ? Errno.ERRNO_EIO.getNumber() : errno);
                }
            } finally {
                ip.close(fd);
            }
        }
    }
}
