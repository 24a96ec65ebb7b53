/**
 * Netlink multicast over Kafka: one topic per netlink protocol (vkernel.netlink.route,
 * vkernel.netlink.usersock ...), each record the real message bytes with the group,
 * namespace and origin instance in headers.
 */
package vkernel.netlink.kafka;
