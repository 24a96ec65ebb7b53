/**
 * Raw IPv4 sockets, as net/ipv4/raw.c: {@link vkernel.inet.core.raw.Raw} (raw_bind,
 * raw_sendmsg, raw_v4_input, raw_recvmsg, raw_icmp_error), {@link vkernel.inet.core.raw.RawProt}
 * (raw_prot), {@link vkernel.inet.core.raw.RawSock} and {@link vkernel.inet.core.raw.RawHashinfo}
 * (include/net/raw.h).
 */
package vkernel.inet.core.raw;
