package vkernel.inet.core.raw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.Datagrams;
import vkernel.inet.core.Icmp;
import vkernel.inet.core.InetBind;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Results;
import vkernel.inet.core.fib.IpRoute;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;

/**
 * net/ipv4/raw.c with the packet building it needs: raw_bind, raw_sendmsg (the IP
 * header added unless IP_HDRINCL), raw_v4_input (every raw sock of the protocol gets a
 * copy of what arrives, header included), raw_recvmsg, and icmp_echo answering a ping
 * to a local address.
 */
public final class Raw {
    static final int IPPROTO_ICMP = 1;
    private static final int IP_HDRLEN = 20;
    private static final int IP_DF = 0x4000;

    private Raw() {}

    /** raw_bind: a local (or, with IP_FREEBIND, any) address; no port. */
    static Errno bind(InetSock sk, byte[] uaddr) {
        if (sk.state != TcpStates.TCP_CLOSE || uaddr.length < vkernel.uapi.SockaddrIn.SIZE) {
            return Errno.ERRNO_EINVAL;
        }
        int addr = vkernel.uapi.SockaddrIn.decode(uaddr).addr();
        int type = sk.net.fib().inetAddrType(addr);
        if (!InetBind.addrValidOrNonlocal(sk, addr, type)) {
            return Errno.ERRNO_EADDRNOTAVAIL;
        }
        sk.inetRcvSaddr = addr;
        sk.inetSaddr = addr;
        if (type == Rtnetlink.RTN_MULTICAST || type == Rtnetlink.RTN_BROADCAST) {
            sk.inetSaddr = 0;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** raw_sendmsg. */
    public static Results.Send sendmsg(InetSock sk, byte[] data, int flags, byte[] uaddr) {
        if (data.length > 0xffff) {
            return Results.Send.error(Errno.ERRNO_EMSGSIZE);
        }
        if ((flags & Socket.MSG_OOB) != 0) {
            return Results.Send.error(Errno.ERRNO_EOPNOTSUPP);
        }
        int daddr;
        if (uaddr.length > 0) {
            if (uaddr.length < vkernel.uapi.SockaddrIn.SIZE) {
                return Results.Send.error(Errno.ERRNO_EINVAL);
            }
            int family = Addr.family(uaddr);
            if (family != Addr.AF_INET && family != Addr.AF_UNSPEC) {
                return Results.Send.error(Errno.ERRNO_EAFNOSUPPORT);
            }
            daddr = vkernel.uapi.SockaddrIn.decode(uaddr).addr();
        } else {
            if (sk.state != TcpStates.TCP_ESTABLISHED) {
                return Results.Send.error(Errno.ERRNO_EDESTADDRREQ);
            }
            daddr = sk.inetDaddr;
        }
        IpRoute.Rtable rt = IpRoute.output(sk.net, daddr, sk.inetSaddr, sk.boundDevIf, Rtnetlink.RT_SCOPE_UNIVERSE);
        if (!rt.ok()) {
            return Results.Send.error(rt.errno());
        }
        if (rt.broadcast() && !sk.broadcast) {
            return Results.Send.error(Errno.ERRNO_EACCES);
        }
        int err = sk.sockError();
        if (err != 0) {
            return Results.Send.error(Results.errno(err));
        }
        byte[] packet;
        if (sk.hdrincl) {
            if (data.length < IP_HDRLEN) {
                return Results.Send.error(Errno.ERRNO_EINVAL);
            }
            packet = data;
        } else {
            int ttl = sk.ucTtl >= 0 ? sk.ucTtl : sk.net.ipDefaultTtl();
            packet = ipPacket(sk.net, rt.saddr(), rt.daddr(), sk.inetNum, ttl, sk.tos, IP_DF, data);
        }
        if (rt.deliversLocally()) {
            ipLocalDeliver(sk.net, packet);
        }
        return Results.Send.ok(data.length);
    }

    /** ip_local_deliver for a raw-built packet: raw socks see it, ICMP answers an echo request. */
    static void ipLocalDeliver(Net net, byte[] packet) {
        if (packet.length < IP_HDRLEN) {
            return;
        }
        int protocol = packet[9] & 0xff;
        v4Input(net, packet);
        int ihl = (packet[0] & 0x0f) * 4;
        if (protocol == IPPROTO_ICMP && packet.length >= ihl + 8) {
            byte[] icmp = Arrays.copyOfRange(packet, ihl, packet.length);
            if ((icmp[0] & 0xff) == Icmp.ICMP_ECHO && checksum(icmp, 0, icmp.length) == 0) {
                icmp[0] = Icmp.ICMP_ECHOREPLY;
                icmp[2] = 0;
                icmp[3] = 0;
                int c = checksum(icmp, 0, icmp.length);
                if (c == 0xffff) {
                    c = 0; // csum_fold of icmp_reply's running sum gives +0 for an all-zero message
                }
                icmp[2] = (byte) (c >> 8);
                icmp[3] = (byte) c;
                int saddr = ByteBuffer.wrap(packet).getInt(12);
                int daddr = ByteBuffer.wrap(packet).getInt(16);
                v4Input(net, ipPacket(net, daddr, saddr, IPPROTO_ICMP, net.ipDefaultTtl(), 0, 0, icmp));
            }
        }
    }

    /** ICMP delivered to the raw ICMP socks (the kernel's own ICMP errors). */
    public static void deliverIcmp(Net net, int saddr, int daddr, byte[] icmp) {
        if (!net.rawHashinfo().isEmpty()) {
            v4Input(net, ipPacket(net, saddr, daddr, IPPROTO_ICMP, net.ipDefaultTtl(), 0xc0, 0, icmp));
        }
    }

    /** raw_v4_input: a copy to every raw sock of the packet's protocol whose addresses and ICMP filter admit it. */
    static void v4Input(Net net, byte[] packet) {
        int protocol = packet[9] & 0xff;
        int saddr = ByteBuffer.wrap(packet).getInt(12);
        int daddr = ByteBuffer.wrap(packet).getInt(16);
        for (RawSock sk : net.rawHashinfo().socks) {
            if (sk.inetNum != protocol || (sk.inetRcvSaddr != 0 && sk.inetRcvSaddr != daddr)
                    || (sk.inetDaddr != 0 && sk.inetDaddr != saddr)) {
                continue;
            }
            int ihl = (packet[0] & 0x0f) * 4;
            if (protocol == IPPROTO_ICMP && packet.length > ihl) {
                int type = packet[ihl] & 0xff;
                if (type < 32 && (sk.icmpFilter & (1 << type)) != 0) {
                    continue;
                }
            }
            if (sk.rmemAlloc >= sk.rcvbuf) {
                continue; // sock_queue_rcv_skb: the buffer is full
            }
            Datagram d = new Datagram(packet.clone(), saddr, 0, daddr, 0, Datagram.truesize(packet.length), 0);
            sk.rmemAlloc += d.truesize();
            sk.receiveQueue.addLast(d);
            sk.wake();
        }
    }

    /** raw_recvmsg: one packet, IP header included; null when it must sleep. */
    public static Results.Recv recvAttempt(RawSock sk, int len, int flags, boolean mayBlock) {
        if ((flags & Socket.MSG_OOB) != 0) {
            return Results.Recv.error(Errno.ERRNO_EOPNOTSUPP);
        }
        return Datagrams.recv(sk, sk.receiveQueue, len, flags, mayBlock, d -> {
            sk.rmemAlloc -= d.truesize();
        });
    }

    /** An IPv4 packet as ip_build_and_send_pkt lays it out. */
    static byte[] ipPacket(Net net, int saddr, int daddr, int protocol, int ttl, int tos, int frag, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(IP_HDRLEN + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) tos).putShort((short) (IP_HDRLEN + payload.length))
                .putShort((short) net.nextIpId()).putShort((short) frag).put((byte) ttl).put((byte) protocol)
                .putShort((short) 0).putInt(saddr).putInt(daddr).put(payload);
        byte[] p = b.array();
        int c = checksum(p, 0, IP_HDRLEN);
        p[10] = (byte) (c >> 8);
        p[11] = (byte) c;
        return p;
    }

    /** The UDP header of a datagram, its checksum over the pseudo-header included (udp4_hwcsum's result). */
    static byte[] udpHeader(Datagram d, int protocol) {
        int len = 8 + d.data().length;
        ByteBuffer pseudo = ByteBuffer.allocate(12 + len).order(ByteOrder.BIG_ENDIAN);
        pseudo.putInt(d.saddr()).putInt(d.daddr()).put((byte) 0).put((byte) protocol).putShort((short) len)
                .putShort((short) d.sport()).putShort((short) d.dport()).putShort((short) len).putShort((short) 0)
                .put(d.data());
        int c = checksum(pseudo.array(), 0, pseudo.capacity());
        ByteBuffer udp = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        udp.putShort((short) d.sport()).putShort((short) d.dport()).putShort((short) len)
                .putShort((short) (c == 0 ? 0xffff : c));
        return udp.array();
    }

    /** A datagram as raw socks of its protocol see it arrive: IP header, UDP header, payload. */
    public static void deliverUdp(Net net, int protocol, Datagram d) {
        if (net.rawHashinfo().isEmpty()) {
            return;
        }
        byte[] udp = udpHeader(d, protocol);
        byte[] payload = new byte[udp.length + d.data().length];
        System.arraycopy(udp, 0, payload, 0, udp.length);
        System.arraycopy(d.data(), 0, payload, udp.length, d.data().length);
        v4Input(net, ipPacket(net, d.saddr(), d.daddr(), protocol, net.ipDefaultTtl(), 0, IP_DF, payload));
    }

    /** icmp_send's limit: the error, its IP header and the quoted packet fit in 576 bytes. */
    private static final int ICMP_ERROR_QUOTE = 576 - IP_HDRLEN - 8;

    /** The ICMP error for a datagram: header, then as much of the offending packet as fits (icmp_send). */
    public static byte[] icmpError(Net net, int type, int code, int protocol, Datagram d) {
        byte[] udp = udpHeader(d, protocol);
        byte[] transport = new byte[udp.length + d.data().length];
        System.arraycopy(udp, 0, transport, 0, udp.length);
        System.arraycopy(d.data(), 0, transport, udp.length, d.data().length);
        byte[] orig = ipPacket(net, d.saddr(), d.daddr(), protocol, net.ipDefaultTtl(), 0, IP_DF, transport);
        int quoted = Math.min(orig.length, ICMP_ERROR_QUOTE);
        ByteBuffer b = ByteBuffer.allocate(8 + quoted).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) type).put((byte) code).putShort((short) 0).putInt(0).put(orig, 0, quoted);
        byte[] m = b.array();
        int c = checksum(m, 0, m.length);
        m[2] = (byte) (c >> 8);
        m[3] = (byte) c;
        return m;
    }

    /** The Internet checksum (ip_compute_csum): 0 over data that carries a correct one. */
    static int checksum(byte[] data, int off, int len) {
        long sum = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((data[off + i] & 0xff) << 8) | (data[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            sum += (data[off + len - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
