package vkernel.inet.core.tcp;

import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.SockCommon;
import vkernel.inet.core.Timers;

/**
 * struct inet_timewait_sock (include/net/inet_timewait_sock.h): what is left of a TCP
 * connection after its sock closed, holding the port and the 4-tuple until the timer
 * (TCP_TIMEWAIT_LEN, or the FIN_WAIT2 timeout for substate FIN_WAIT2) expires.
 */
public final class InetTimewaitSock implements SockCommon {
    final Net net;
    final int rcvSaddr;
    final int num;
    final int daddr;
    final int dport;
    final boolean reuse;
    final boolean reuseport;
    final int uid;
    final int boundDevIf;
    /** tw_substate: TCP_FIN_WAIT2 or TCP_TIME_WAIT. */
    int substate;
    InetBindBucket bucket;
    Timers.Cancel timer = Timers.NOTHING;

    InetTimewaitSock(TcpSock sk, int substate) {
        this.net = sk.net;
        this.rcvSaddr = sk.inetRcvSaddr;
        this.num = sk.inetNum;
        this.daddr = sk.inetDaddr;
        this.dport = sk.inetDport;
        this.reuse = sk.reuse;
        this.reuseport = sk.reuseport;
        this.uid = sk.uid;
        this.boundDevIf = sk.boundDevIf;
        this.substate = substate;
    }

    /** A TIME_WAIT sock as its record held it (a restore). */
    InetTimewaitSock(Net net, int rcvSaddr, int num, int daddr, int dport, boolean reuse, boolean reuseport, int uid,
            int boundDevIf, int substate) {
        this.net = net;
        this.rcvSaddr = rcvSaddr;
        this.num = num;
        this.daddr = daddr;
        this.dport = dport;
        this.reuse = reuse;
        this.reuseport = reuseport;
        this.uid = uid;
        this.boundDevIf = boundDevIf;
        this.substate = substate;
    }

    @Override
    public int skcRcvSaddr() {
        return rcvSaddr;
    }

    @Override
    public int skcNum() {
        return num;
    }

    @Override
    public int skcDaddr() {
        return daddr;
    }

    @Override
    public int skcDport() {
        return dport;
    }

    @Override
    public int skcState() {
        return TcpStates.TCP_TIME_WAIT;
    }

    @Override
    public boolean skcReuse() {
        return reuse;
    }

    @Override
    public boolean skcReuseport() {
        return reuseport;
    }

    @Override
    public int skcUid() {
        return uid;
    }

    @Override
    public int skcBoundDevIf() {
        return boundDevIf;
    }

    @Override
    public String toString() {
        return "tw[" + TcpStates.name(substate) + " " + Addr.format(rcvSaddr, num) + " -> " + Addr.format(daddr, dport) + "]";
    }
}
