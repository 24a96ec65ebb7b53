package vkernel.inet.core;

import vkernel.inet.core.raw.Raw;
import vkernel.inet.core.udp.Udp;

/**
 * net/ipv4/icmp.c, as far as this stack needs it: the port unreachable that answers a
 * datagram nobody was listening for (icmp_send) reaches the sender's socket
 * (icmp_unreach → the protocol's err_handler) and any raw ICMP socket; an echo request
 * to a local address is answered (icmp_echo).
 */
public final class Icmp {
    public static final int ICMP_ECHOREPLY = 0;
    static final int ICMP_DEST_UNREACH = 3;
    public static final int ICMP_ECHO = 8;
    static final int ICMP_PORT_UNREACH = 3;
    static final int ECONNREFUSED = 111;

    private Icmp() {}

    /** icmp_send(ICMP_DEST_UNREACH, ICMP_PORT_UNREACH) for a datagram that found no socket. */
    public static void portUnreachable(Net net, int protocol, Datagram d) {
        net.trace().child("icmp_send").field("type", "ICMP_DEST_UNREACH").field("code", "ICMP_PORT_UNREACH")
                .field("to", Addr.format(d.saddr(), d.sport())).end();
        byte[] icmp = Raw.icmpError(net, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, protocol, d);
        Raw.deliverIcmp(net, d.daddr(), d.saddr(), icmp);
        Udp.err(net, protocol, d, ECONNREFUSED, true);
    }
}
