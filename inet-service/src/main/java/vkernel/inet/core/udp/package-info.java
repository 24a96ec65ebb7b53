/**
 * Datagram sockets over IPPROTO_UDP, UDP-Lite and ICMP echo.
 *
 * <ul>
 *   <li>net/ipv4/udp.c, udplite.c, datagram.c (ip4_datagram_connect):
 *       {@link vkernel.inet.core.udp.Udp}, {@link vkernel.inet.core.udp.UdpSendmsg},
 *       {@link vkernel.inet.core.udp.UdpProt} (udp_prot, udplite_prot),
 *       {@link vkernel.inet.core.udp.UdpTable} (struct udp_table),
 *       {@link vkernel.inet.core.udp.UdpSock} (include/linux/udp.h);</li>
 *   <li>net/ipv4/ping.c: {@link vkernel.inet.core.udp.PingProt}, {@link vkernel.inet.core.udp.PingSock}
 *       (kept with UDP: a datagram sock reusing ip4_datagram_connect and the datagram receive path).</li>
 * </ul>
 */
package vkernel.inet.core.udp;
