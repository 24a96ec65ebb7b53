package vkernel.inet.core.tcp;

import vkernel.inet.core.Addr;

/**
 * A TCP segment on the loopback wire: the 4-tuple, the control flags, the payload and
 * the window the sender advertises (and on a SYN its MSS option, with URG the offset
 * of the urgent byte in the data). Sequence numbers are not carried: lo neither loses
 * nor reorders, so an ACK is described by what it acknowledges that matters to the
 * state machine, whether the receiver's FIN is covered (ackFin).
 */
record TcpSegment(int saddr, int sport, int daddr, int dport, int flags, byte[] data, int window, boolean ackFin,
        int mss, int urg) {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    static final byte[] NO_DATA = new byte[0];

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The segment a sock sends to its peer. */
    static TcpSegment from(TcpSock sk, int flags, byte[] data, int urg) {
        return new TcpSegment(sk.inetSaddr, sk.inetSport, sk.inetDaddr, sk.inetDport, flags, data,
                sk.receiveWindow(), sk.finRcvd, (flags & SYN) != 0 ? sk.advertisedMss() : 0, urg);
    }

    /** A control segment between two ends no sock owns (resets, TIME_WAIT ACKs, SYN-ACKs of requests). */
    static TcpSegment control(int saddr, int sport, int daddr, int dport, int flags, int window, boolean ackFin, int mss) {
        return new TcpSegment(saddr, sport, daddr, dport, flags, NO_DATA, window, ackFin, mss, -1);
    }

    @Override
    public String toString() {
        StringBuilder f = new StringBuilder();
        if (has(SYN)) {
            f.append('S');
        }
        if (has(FIN)) {
            f.append('F');
        }
        if (has(RST)) {
            f.append('R');
        }
        if (has(ACK)) {
            f.append('.');
        }
        return Addr.format(saddr, sport) + " > " + Addr.format(daddr, dport) + " [" + f + "] len " + data.length;
    }
}
