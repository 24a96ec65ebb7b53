/**
 * The netlink wire format as the kernel side writes it: struct nlmsghdr, struct nlattr,
 * NLMSG_DONE and the NLMSG_ERROR of netlink_ack. Pure Java, no I/O; tested without a
 * network as Netty tests its codecs.
 */
package vkernel.netlink.codec;
