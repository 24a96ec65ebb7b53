/**
 * TCP, as net/ipv4's tcp*.c and the connection-sock code under it.
 *
 * <ul>
 *   <li>include/linux/tcp.h, include/net/request_sock.h, inet_timewait_sock.h:
 *       {@link vkernel.inet.core.tcp.TcpSock}, {@link vkernel.inet.core.tcp.RequestSock},
 *       {@link vkernel.inet.core.tcp.InetTimewaitSock}; include/net/tcp_states.h:
 *       {@link vkernel.inet.core.tcp.TcpStates};</li>
 *   <li>net/ipv4/tcp.c: {@link vkernel.inet.core.tcp.TcpSendmsg}, {@link vkernel.inet.core.tcp.TcpRecvmsg},
 *       {@link vkernel.inet.core.tcp.TcpClose}, {@link vkernel.inet.core.tcp.TcpSockopt},
 *       {@link vkernel.inet.core.tcp.TcpPoll}, {@link vkernel.inet.core.tcp.TcpInfo};</li>
 *   <li>net/ipv4/tcp_input.c, tcp_output.c, tcp_ipv4.c, tcp_minisocks.c:
 *       {@link vkernel.inet.core.tcp.TcpInput}, {@link vkernel.inet.core.tcp.TcpOutput},
 *       {@link vkernel.inet.core.tcp.TcpIpv4} with {@link vkernel.inet.core.tcp.TcpProt} (tcp_prot),
 *       {@link vkernel.inet.core.tcp.TcpMinisocks};</li>
 *   <li>net/ipv4/inet_connection_sock.c, inet_hashtables.c (the port and connection tables
 *       only TCP uses here): {@link vkernel.inet.core.tcp.InetConnectionSock},
 *       {@link vkernel.inet.core.tcp.InetHashinfo}, {@link vkernel.inet.core.tcp.InetBindBucket},
 *       {@link vkernel.inet.core.tcp.SockClone} (sk_clone_lock, inet_csk_clone_lock);</li>
 *   <li>the wire: {@link vkernel.inet.core.tcp.TcpSegment}, {@link vkernel.inet.core.tcp.ByteQueue},
 *       and {@link vkernel.inet.core.tcp.Loopback} (drivers/net/loopback.c and the backlog
 *       that hands its segments to tcp_v4_rcv).</li>
 * </ul>
 */
package vkernel.inet.core.tcp;
