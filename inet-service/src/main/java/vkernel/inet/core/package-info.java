/**
 * PF_INET's socket layer, as net/ipv4/af_inet.c and the sock code it calls: what every
 * inet sock shares, whatever its protocol. The areas of net/ipv4 live in sub-packages
 * ({@code tcp}, {@code udp}, {@code raw}, {@code fib}); this package holds what they
 * plug into and what calls them.
 *
 * <ul>
 *   <li>net/ipv4/af_inet.c: {@link vkernel.inet.core.AfInet} (inet_family_ops and the
 *       inet_*_ops entry points), {@link vkernel.inet.core.InetCreate} (inet_create,
 *       inet_release), {@link vkernel.inet.core.InetSw} and
 *       {@link vkernel.inet.core.InetProtosw} (inetsw[], inet_register_protosw),
 *       {@link vkernel.inet.core.ProtoOps} (inet_stream_ops, inet_dgram_ops,
 *       inet_sockraw_ops), {@link vkernel.inet.core.InetBind} (inet_bind, inet_autobind,
 *       inet_getname), {@link vkernel.inet.core.InetStream} (__inet_stream_connect,
 *       inet_listen, inet_accept, inet_shutdown);</li>
 *   <li>include/net/sock.h, inet_sock.h, net_namespace.h: {@link vkernel.inet.core.Proto}
 *       (struct proto), {@link vkernel.inet.core.InetSock}, {@link vkernel.inet.core.SockCommon},
 *       {@link vkernel.inet.core.Net} (struct net's IPv4 half and its sysctls);</li>
 *   <li>net/core/sock.c and datagram.c: {@link vkernel.inet.core.SkSockopt},
 *       {@link vkernel.inet.core.SockHooks}, {@link vkernel.inet.core.Sleep}
 *       (sk_wait_event), {@link vkernel.inet.core.Datagram}, {@link vkernel.inet.core.Datagrams};</li>
 *   <li>net/ipv4/ip_sockglue.c: {@link vkernel.inet.core.IpSockglue} (SOL_IP);
 *       net/ipv4/icmp.c: {@link vkernel.inet.core.Icmp};</li>
 *   <li>this stack's own: {@link vkernel.inet.core.Results} (the proto_ops contract's
 *       answers), {@link vkernel.inet.core.SockTable} (the handles given to socket-service),
 *       {@link vkernel.inet.core.InetInspect}, {@link vkernel.inet.core.Addr},
 *       {@link vkernel.inet.core.Timers};</li>
 *   <li>the tables on the state topic (vkernel.inet.state): {@link vkernel.inet.core.NetJournal}
 *       (every change recorded under the namespace lock), {@link vkernel.inet.core.InetRestore}
 *       (the tables rebuilt and reconciled), with each protocol's part in its package
 *       (TcpState, TcpTablesState, UdpState, RawState, FibState).</li>
 * </ul>
 *
 * <p>Plain Java: no gRPC, Quarkus or Kafka here (kernel-core's CoreImportsTest).
 */
package vkernel.inet.core;
