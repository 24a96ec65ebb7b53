/**
 * The IPv4 FIB and routing, with their rtnetlink handlers.
 *
 * <ul>
 *   <li>net/ipv4/fib_frontend.c: {@link vkernel.inet.core.fib.Fib} (the tables, fib_lookup,
 *       inet_addr_type, fib_add_ifaddr) and {@link vkernel.inet.core.fib.RtmRoute}
 *       (rtm_to_fib_config, inet_rtm_newroute / delroute, inet_dump_fib, inet_rtm_getroute),
 *       {@link vkernel.inet.core.fib.FibIfaddr} (fib_del_ifaddr);</li>
 *   <li>net/ipv4/fib_trie.c: {@link vkernel.inet.core.fib.FibTable}, {@link vkernel.inet.core.fib.FibTrie};
 *       fib_semantics.c: {@link vkernel.inet.core.fib.FibSemantics}; include/net/ip_fib.h,
 *       fib_lookup.h: {@link vkernel.inet.core.fib.FibConfig}, {@link vkernel.inet.core.fib.FibInfo},
 *       {@link vkernel.inet.core.fib.FibAlias}, {@link vkernel.inet.core.fib.FibResult};</li>
 *   <li>net/ipv4/route.c: {@link vkernel.inet.core.fib.IpRoute} (output routing);</li>
 *   <li>net/ipv4/devinet.c: {@link vkernel.inet.core.fib.RtmAddr} (inet_dump_ifaddr),
 *       {@link vkernel.inet.core.fib.Devinet} (inet_rtm_newaddr / deladdr: the addresses of a device, whose routes the
 *       FIB holds; the devices themselves are {@link vkernel.inet.core.dev}'s).</li>
 * </ul>
 *
 * <p>The netlink bytes (nlmsghdr, rtmsg, ifaddrmsg, rtattrs) and the uapi constants are
 * uapi's: {@link vkernel.uapi.netlink}, {@link vkernel.uapi.Netlink},
 * {@link vkernel.uapi.Rtnetlink}, {@link vkernel.uapi.IfAddr}.
 */
package vkernel.inet.core.fib;
