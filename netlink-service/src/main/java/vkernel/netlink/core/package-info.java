/**
 * PF_NETLINK as net/netlink/af_netlink.c and net/core/rtnetlink.c keep it, in plain
 * Java with no gRPC, Kafka or Quarkus: {@link vkernel.netlink.core.NlTable} (nl_table
 * by namespace), {@link vkernel.netlink.core.NetlinkSock}, binding and autobind,
 * multicast, unicast and receive, dumps, acks, the kernel sockets' input
 * ({@link vkernel.netlink.core.Rtnetlink}, {@link vkernel.netlink.core.SockDiag}) and
 * the handler table family services fill. {@link vkernel.netlink.core.AfNetlink} is
 * the entry point: netlink_family_ops.create and netlink_ops.
 */
package vkernel.netlink.core;
