/**
 * The netlink wire format, pure Java: struct nlmsghdr, rtattr, rtmsg and nlmsgerr,
 * a builder that writes a message as iproute2 does, and a parser that walks a datagram
 * and a message's attributes without ever reading past the buffer. Little-endian host
 * order throughout, as on x86-64 and arm64.
 */
package vkernel.uapi.netlink;
