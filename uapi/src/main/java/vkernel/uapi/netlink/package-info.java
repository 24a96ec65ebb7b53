/**
 * The one netlink wire format of vkernel, pure Java, tested with no network: struct
 * nlmsghdr ({@link vkernel.uapi.netlink.NlMsgHdr}), nlattr/rtattr with NLA_ALIGN and
 * nesting ({@link vkernel.uapi.netlink.RtAttr}), rtmsg, ifaddrmsg, nlmsgerr, a checked
 * message ({@link vkernel.uapi.netlink.NlMsg}); {@link vkernel.uapi.netlink.NlMsgBuilder}
 * writes messages as iproute2 and the kernel do (netlink_ack with extended ack TLVs,
 * NLMSG_DONE, aligned datagrams), {@link vkernel.uapi.netlink.NlMsgParser} walks a
 * datagram and a message's attributes without ever reading past the buffer, and
 * {@link vkernel.uapi.netlink.Le} reads and writes single fields. Little-endian host
 * order throughout, as on x86-64 and arm64. The constants are in
 * {@link vkernel.uapi.Netlink}, {@link vkernel.uapi.Rtnetlink} and {@link vkernel.uapi.IfAddr}.
 */
package vkernel.uapi.netlink;
