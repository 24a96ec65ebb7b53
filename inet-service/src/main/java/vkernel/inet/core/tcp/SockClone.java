package vkernel.inet.core.tcp;

/**
 * sk_clone_lock and inet_csk_clone_lock (net/core/sock.c, inet_connection_sock.c): a
 * child sock starts as a copy of its listener (options, buffers, timeouts), with its
 * own state, queues and error. sk_priority is not copied: sk_clone_lock sets it to 0;
 * nor is mc_ttl, which tcp_v4_syn_recv_sock takes from the handshake's ACK.
 */
final class SockClone {
    private SockClone() {}

    static void copy(TcpSock from, TcpSock to) {
        // struct sock
        to.rcvbuf = from.rcvbuf;
        to.sndbuf = from.sndbuf;
        to.userlocks = from.userlocks;
        to.reuse = from.reuse;
        to.reuseport = from.reuseport;
        to.keepopen = from.keepopen;
        to.broadcast = from.broadcast;
        to.oobinline = from.oobinline;
        to.dontroute = from.dontroute;
        to.debug = from.debug;
        to.noCheck = from.noCheck;
        to.passcred = from.passcred;
        to.linger = from.linger;
        to.lingertime = from.lingertime;
        to.mark = from.mark;
        to.rcvlowat = from.rcvlowat;
        to.rcvtimeo = from.rcvtimeo;
        to.sndtimeo = from.sndtimeo;
        to.boundDevIf = from.boundDevIf;
        to.rcvTstamp = from.rcvTstamp;
        to.rcvTstampNs = from.rcvTstampNs;
        to.rxqOvfl = from.rxqOvfl;
        to.selectErrQueue = from.selectErrQueue;
        to.zerocopy = from.zerocopy;
        to.preferBusyPoll = from.preferBusyPoll;
        to.busyPollUsec = from.busyPollUsec;
        to.busyPollBudget = from.busyPollBudget;
        to.peekOff = from.peekOff;
        to.maxPacingRate = from.maxPacingRate;
        to.txrehash = from.txrehash;
        // struct inet_sock
        to.ucTtl = from.ucTtl;
        to.tos = from.tos;
        to.minTtl = from.minTtl;
        to.mcIndex = from.mcIndex;
        to.mcAddr = from.mcAddr;
        to.ucIndex = from.ucIndex;
        to.pmtudisc = from.pmtudisc;
        to.recverr = from.recverr;
        to.recverrRfc4884 = from.recverrRfc4884;
        to.freebind = from.freebind;
        to.transparent = from.transparent;
        to.bindAddressNoPort = from.bindAddressNoPort;
        to.pktinfo = from.pktinfo;
        to.recvttl = from.recvttl;
        to.recvtos = from.recvtos;
        to.recvopts = from.recvopts;
        to.retopts = from.retopts;
        to.passsec = from.passsec;
        to.origdstaddr = from.origdstaddr;
        to.checksum = from.checksum;
        to.mcLoop = from.mcLoop;
        to.mcAll = from.mcAll;
        to.localPortRange = from.localPortRange;
        // struct tcp_sock
        to.nonagle = from.nonagle;
        to.windowClamp = from.windowClamp; // req->rsk_window_clamp, from the listener's
        to.userMss = from.userMss;
        to.keepaliveTime = from.keepaliveTime;
        to.keepaliveIntvl = from.keepaliveIntvl;
        to.keepaliveProbes = from.keepaliveProbes;
        to.linger2 = from.linger2;
        to.userTimeout = from.userTimeout;
        to.notsentLowat = from.notsentLowat;
        to.recvmsgInq = from.recvmsgInq;
        to.saveSyn = from.saveSyn;
        to.thinLto = from.thinLto;
        to.txDelay = from.txDelay;
        to.synRetries = from.synRetries;
    }
}
