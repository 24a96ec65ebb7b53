package vkernel.inet.core;

import java.util.ArrayDeque;
import vkernel.cred.v1.Cred;
import vkernel.inet.core.raw.RawSock;
import vkernel.inet.core.raw.RawState;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.tcp.TcpState;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.inet.core.udp.UdpSock;
import vkernel.inet.core.udp.UdpState;
import vkernel.state.v1.InetSockFields;
import vkernel.state.v1.InetSockRecord;
import vkernel.state.v1.SockFields;

/**
 * A sock as its record holds it (key sock/&lt;netns&gt;/&lt;id&gt;) and back: struct sock's and
 * inet_sock's fields here, the protocol's part in its package (TcpState, UdpState,
 * RawState). Every field a user can observe or a later call decides on is kept.
 */
final class InetSockState {
    private InetSockState() {}

    /**
     * Whether the sock is still something: socket-service holds it, or it is a TCP sock
     * that still has a connection (an orphan finishing its close, a child waiting to be
     * accepted). Anything else is freed, and its records deleted.
     */
    static boolean live(InetSock sk, boolean handle) {
        if (handle) {
            return true;
        }
        return sk instanceof TcpSock t && (sk.state != TcpStates.TCP_CLOSE || TcpState.parent(t) != 0);
    }

    static ArrayDeque<Datagram> receiveQueue(InetSock sk) {
        if (sk instanceof UdpSock u) {
            return UdpState.receiveQueue(u);
        }
        if (sk instanceof RawSock r) {
            return RawState.receiveQueue(r);
        }
        return null;
    }

    static InetSockRecord record(InetSock sk, boolean handle) {
        InetSockRecord.Builder b = InetSockRecord.newBuilder().setId(sk.id).setNetns(sk.netns).setType(sk.type)
                .setProtocol(sk.protocol).setProt(sk.prot.name).setIno(sk.ino).setUid(sk.uid).setHandle(handle)
                .setSock(sock(sk)).setInet(inet(sk));
        for (Datagram d : sk.errorQueue) {
            b.addErrorQueue(DatagramLog.proto(d));
        }
        if (sk instanceof TcpSock t) {
            b.setTcp(TcpState.fields(t));
        } else if (sk instanceof UdpSock u) {
            b.setUdp(UdpState.fields(u));
        } else if (sk instanceof RawSock r) {
            b.setRaw(RawState.fields(r));
        }
        return b.build();
    }

    private static SockFields sock(InetSock sk) {
        return SockFields.newBuilder().setState(sk.state).setRcvbuf(sk.rcvbuf).setSndbuf(sk.sndbuf)
                .setUserlocks(sk.userlocks).setShutdown(sk.shutdown).setErr(sk.err).setErrSoft(sk.errSoft)
                .setReuse(sk.reuse).setReuseport(sk.reuseport).setKeepopen(sk.keepopen).setBroadcast(sk.broadcast)
                .setOobinline(sk.oobinline).setDontroute(sk.dontroute).setDebug(sk.debug).setNoCheck(sk.noCheck)
                .setPasscred(sk.passcred).setLinger(sk.linger).setLingertime(sk.lingertime).setPriority(sk.priority)
                .setMark(sk.mark).setRcvlowat(sk.rcvlowat).setRcvtimeo(sk.rcvtimeo).setSndtimeo(sk.sndtimeo).build();
    }

    private static InetSockFields inet(InetSock sk) {
        return InetSockFields.newBuilder().setSocketState(sk.socketState).setNum(sk.inetNum).setSport(sk.inetSport)
                .setRcvSaddr(sk.inetRcvSaddr).setSaddr(sk.inetSaddr).setDaddr(sk.inetDaddr).setDport(sk.inetDport)
                .setBoundDevIf(sk.boundDevIf).setUcTtl(sk.ucTtl).setTos(sk.tos).setMinTtl(sk.minTtl)
                .setMcTtl(sk.mcTtl).setMcIndex(sk.mcIndex).setMcAddr(sk.mcAddr).setUcIndex(sk.ucIndex)
                .setPmtudisc(sk.pmtudisc).setLocalPortRange(sk.localPortRange).setRecverr(sk.recverr)
                .setRecverrRfc4884(sk.recverrRfc4884).setFreebind(sk.freebind).setTransparent(sk.transparent)
                .setBindAddressNoPort(sk.bindAddressNoPort).setHdrincl(sk.hdrincl).setNodefrag(sk.nodefrag)
                .setPktinfo(sk.pktinfo).setRecvttl(sk.recvttl).setRecvtos(sk.recvtos).setRecvopts(sk.recvopts)
                .setRetopts(sk.retopts).setPasssec(sk.passsec).setOrigdstaddr(sk.origdstaddr).setChecksum(sk.checksum)
                .setRecvfragsize(sk.recvfragsize).setMcLoop(sk.mcLoop).setMcAll(sk.mcAll).setRcvTstamp(sk.rcvTstamp)
                .setRcvTstampNs(sk.rcvTstampNs).setRxqOvfl(sk.rxqOvfl).setSelectErrQueue(sk.selectErrQueue)
                .setZerocopy(sk.zerocopy).setPreferBusyPoll(sk.preferBusyPoll).setBusyPollUsec(sk.busyPollUsec)
                .setBusyPollBudget(sk.busyPollBudget).setIncomingCpu(sk.incomingCpu).setPeekOff(sk.peekOff)
                .setMaxPacingRate(sk.maxPacingRate).setTxrehash(sk.txrehash).setDstCached(sk.dstCached)
                .setDone(sk.done).setDead(sk.dead).build();
    }

    /** sk_alloc of the record's protocol, then every field as recorded (queues and tables are the restore's). */
    static InetSock restore(Net net, Proto prot, InetSockRecord r) {
        Cred owner = Cred.newBuilder().setUid(r.getUid()).setNetns(net.id).build();
        InetSock sk = prot.alloc(r.getId(), net, r.getType(), r.getProtocol(), r.getIno(), owner);
        SockFields s = r.getSock();
        sk.state = s.getState();
        sk.rcvbuf = s.getRcvbuf();
        sk.sndbuf = s.getSndbuf();
        sk.userlocks = s.getUserlocks();
        sk.shutdown = s.getShutdown();
        sk.err = s.getErr();
        sk.errSoft = s.getErrSoft();
        sk.reuse = s.getReuse();
        sk.reuseport = s.getReuseport();
        sk.keepopen = s.getKeepopen();
        sk.broadcast = s.getBroadcast();
        sk.oobinline = s.getOobinline();
        sk.dontroute = s.getDontroute();
        sk.debug = s.getDebug();
        sk.noCheck = s.getNoCheck();
        sk.passcred = s.getPasscred();
        sk.linger = s.getLinger();
        sk.lingertime = s.getLingertime();
        sk.priority = s.getPriority();
        sk.mark = s.getMark();
        sk.rcvlowat = s.getRcvlowat();
        sk.rcvtimeo = s.getRcvtimeo();
        sk.sndtimeo = s.getSndtimeo();
        InetSockFields i = r.getInet();
        sk.socketState = i.getSocketState();
        sk.inetNum = i.getNum();
        sk.inetSport = i.getSport();
        sk.inetRcvSaddr = i.getRcvSaddr();
        sk.inetSaddr = i.getSaddr();
        sk.inetDaddr = i.getDaddr();
        sk.inetDport = i.getDport();
        sk.boundDevIf = i.getBoundDevIf();
        sk.ucTtl = i.getUcTtl();
        sk.tos = i.getTos();
        sk.minTtl = i.getMinTtl();
        sk.mcTtl = i.getMcTtl();
        sk.mcIndex = i.getMcIndex();
        sk.mcAddr = i.getMcAddr();
        sk.ucIndex = i.getUcIndex();
        sk.pmtudisc = i.getPmtudisc();
        sk.localPortRange = i.getLocalPortRange();
        sk.recverr = i.getRecverr();
        sk.recverrRfc4884 = i.getRecverrRfc4884();
        sk.freebind = i.getFreebind();
        sk.transparent = i.getTransparent();
        sk.bindAddressNoPort = i.getBindAddressNoPort();
        sk.hdrincl = i.getHdrincl();
        sk.nodefrag = i.getNodefrag();
        sk.pktinfo = i.getPktinfo();
        sk.recvttl = i.getRecvttl();
        sk.recvtos = i.getRecvtos();
        sk.recvopts = i.getRecvopts();
        sk.retopts = i.getRetopts();
        sk.passsec = i.getPasssec();
        sk.origdstaddr = i.getOrigdstaddr();
        sk.checksum = i.getChecksum();
        sk.recvfragsize = i.getRecvfragsize();
        sk.mcLoop = i.getMcLoop();
        sk.mcAll = i.getMcAll();
        sk.rcvTstamp = i.getRcvTstamp();
        sk.rcvTstampNs = i.getRcvTstampNs();
        sk.rxqOvfl = i.getRxqOvfl();
        sk.selectErrQueue = i.getSelectErrQueue();
        sk.zerocopy = i.getZerocopy();
        sk.preferBusyPoll = i.getPreferBusyPoll();
        sk.busyPollUsec = i.getBusyPollUsec();
        sk.busyPollBudget = i.getBusyPollBudget();
        sk.incomingCpu = i.getIncomingCpu();
        sk.peekOff = i.getPeekOff();
        sk.maxPacingRate = i.getMaxPacingRate();
        sk.txrehash = i.getTxrehash();
        sk.dstCached = i.getDstCached();
        sk.done = i.getDone();
        sk.dead = i.getDead();
        for (vkernel.state.v1.InetDatagram d : r.getErrorQueueList()) {
            sk.errorQueue.addLast(DatagramLog.of(d));
        }
        return sk;
    }
}
