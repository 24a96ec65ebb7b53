package vkernel.inet.core.udp;

import static vkernel.uapi.Poll.*;

import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.Datagrams;
import vkernel.inet.core.Icmp;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Results;
import vkernel.inet.core.fib.IpRoute;
import vkernel.inet.core.raw.Raw;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.net.core.Sock;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.SockaddrIn;

/**
 * net/ipv4/udp.c and datagram.c, the parts that are not send or receive:
 * ip4_datagram_connect, __udp_disconnect, delivery of a datagram that arrived
 * (__udp4_lib_rcv, the broadcast fan-out, __udp_enqueue_schedule_skb's buffer limit),
 * ICMP port unreachable back to the sender (__udp4_lib_err), udp_poll.
 */
public final class Udp {
    private Udp() {}

    static UdpTable table(InetSock sk) {
        return sk.protocol == Net.IPPROTO_UDPLITE ? sk.net.udpliteTable() : sk.net.udpTable();
    }

    /** __ip4_datagram_connect: route to the peer, take the source address the route gives, become connected. */
    public static Errno connect(InetSock sk, byte[] uaddr) {
        Addr.Parsed p = Addr.parse(uaddr);
        if (!p.ok()) {
            return p.errno();
        }
        if (p.family() != Addr.AF_INET) {
            return Errno.ERRNO_EAFNOSUPPORT;
        }
        SockaddrIn usin = p.sin();
        int oif = sk.boundDevIf;
        int saddr = sk.inetSaddr;
        if (Addr.isMulticast(usin.addr())) {
            if (oif == 0) {
                oif = sk.mcIndex;
            }
            if (saddr == 0) {
                saddr = sk.mcAddr;
            }
        } else if (oif == 0) {
            oif = sk.ucIndex;
        }
        IpRoute.Rtable rt = IpRoute.output(sk.net, usin.addr(), saddr, oif, Rtnetlink.RT_SCOPE_UNIVERSE);
        if (!rt.ok()) {
            return rt.errno();
        }
        if (rt.broadcast() && !sk.broadcast) {
            return Errno.ERRNO_EACCES;
        }
        if (sk.inetSaddr == 0) {
            sk.inetSaddr = rt.saddr();
        }
        if (sk.inetRcvSaddr == 0) {
            sk.inetRcvSaddr = rt.saddr();
            if (sk instanceof UdpSock u) {
                table(u).rehash(u);
            }
        }
        sk.inetDaddr = rt.daddr();
        sk.inetDport = usin.port();
        sk.state = TcpStates.TCP_ESTABLISHED;
        sk.dstCached = true;
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** __udp_disconnect: forget the peer, and the address and port the sock did not bind itself. */
    static Errno disconnect(InetSock sk) {
        sk.state = TcpStates.TCP_CLOSE;
        sk.dstCached = false;
        sk.inetDaddr = 0;
        sk.inetDport = 0;
        sk.boundDevIf = 0;
        if ((sk.userlocks & InetSock.SOCK_BINDADDR_LOCK) == 0) {
            sk.inetRcvSaddr = 0;
            sk.inetSaddr = 0;
            if (sk instanceof UdpSock u && (sk.userlocks & InetSock.SOCK_BINDPORT_LOCK) != 0) {
                table(u).rehash(u);
            }
        }
        if ((sk.userlocks & InetSock.SOCK_BINDPORT_LOCK) == 0) {
            if (sk instanceof UdpSock u) {
                table(u).unhash(u);
            }
            sk.inetSport = 0;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** udp_lib_close → sk_common_release: out of the table, queue dropped. */
    static void close(UdpSock sk) {
        table(sk).unhash(sk);
        sk.receiveQueue.clear();
        sk.rmemAlloc = 0;
        sk.dead = true;
    }

    /** A datagram sent from (saddr, sport) arrives for (daddr, dport) over a local or broadcast route. */
    static void deliver(Net net, int protocol, Datagram d, IpRoute.Rtable rt) {
        Raw.deliverUdp(net, protocol, d); // raw_v4_input sees it first
        UdpTable table = protocol == Net.IPPROTO_UDPLITE ? net.udpliteTable() : net.udpTable();
        if (rt.broadcast() || rt.multicast()) {
            List<UdpSock> socks = table.mcastSocks(d.saddr(), d.sport(), d.daddr(), d.dport());
            for (UdpSock sk : socks) {
                enqueue(sk, d);
            }
            return;
        }
        UdpSock sk = table.lookup(d.saddr(), d.sport(), d.daddr(), d.dport());
        if (sk == null) {
            Icmp.portUnreachable(net, protocol, d);
            return;
        }
        enqueue(sk, d);
    }

    /** __udp_enqueue_schedule_skb: drop when the buffer is full, but always take one datagram into an empty queue. */
    static boolean enqueue(UdpSock sk, Datagram d) {
        int size = d.truesize();
        if (sk.rmemAlloc + size > sk.rcvbuf) {
            if (sk.rcvbuf > Integer.MAX_VALUE >> 1 || sk.rmemAlloc != 0) {
                sk.net.trace().child("udp_queue_rcv_skb").object("sock", sk.id).field("drop", "RCVBUFERRORS").end();
                return false;
            }
        }
        sk.rmemAlloc += size;
        sk.receiveQueue.addLast(d);
        sk.wake();
        return true;
    }

    /** __udp4_lib_err: ICMP for a datagram this sock sent; hard errors reach a connected sock (or any, with IP_RECVERR). */
    /** udp_recvmsg: one attempt at the receive queue; null when it must sleep. */
    public static Results.Recv recvAttempt(UdpSock sk, int len, int flags, boolean mayBlock) {
        return Datagrams.recv(sk, sk.receiveQueue, len, flags, mayBlock, d -> sk.rmemAlloc -= d.truesize());
    }

    public static void err(Net net, int protocol, Datagram orig, int errno, boolean harderr) {
        UdpTable table = protocol == Net.IPPROTO_UDPLITE ? net.udpliteTable() : net.udpTable();
        UdpSock sk = table.lookup(orig.daddr(), orig.dport(), orig.saddr(), orig.sport());
        if (sk == null) {
            return;
        }
        if (!sk.recverr) {
            if (!harderr || sk.state != TcpStates.TCP_ESTABLISHED) {
                return;
            }
        } else {
            sk.errorQueue.addLast(new Datagram(orig.data(), orig.daddr(), orig.dport(), orig.saddr(), orig.sport(), 0, errno));
        }
        sk.err = errno;
        sk.wake();
    }

    /** datagram_poll with udp_poll's reader queue. */
    public static int poll(InetSock sk, boolean queued) {
        int mask = 0;
        if (sk.err != 0 || !sk.errorQueue.isEmpty()) {
            mask |= POLLERR;
        }
        int shutdown = sk.shutdown;
        if ((shutdown & Sock.RCV_SHUTDOWN) != 0) {
            mask |= POLLRDHUP | POLLIN | POLLRDNORM;
        }
        if (shutdown == Sock.SHUTDOWN_MASK) {
            mask |= POLLHUP;
        }
        if (queued) {
            mask |= POLLIN | POLLRDNORM;
        }
        // sock_writeable: lo frees what was sent at once
        mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
        return mask;
    }
}
