package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import vkernel.inet.core.Net;
import vkernel.inet.core.StreamQueue;
import vkernel.state.v1.TcpSockFields;

/**
 * A tcp_sock's own part of its record (TcpSockFields) and back: sequence numbers,
 * options, counters, the two queues' positions (their bytes are chunk records), the
 * listener a child waits for, and its timers as deadlines, re-armed at restore.
 */
public final class TcpState {
    private TcpState() {}

    /** The listener whose accept queue holds this child, 0 for none. */
    public static long parent(TcpSock sk) {
        return sk.parent == null ? 0 : sk.parent.id;
    }

    public static StreamQueue rcvQueue(TcpSock sk) {
        return view(sk.rcvQueue);
    }

    public static StreamQueue writeQueue(TcpSock sk) {
        return view(sk.writeQueue);
    }

    private static StreamQueue view(ByteQueue q) {
        return new StreamQueue() {
            @Override
            public long head() {
                return q.headOffset();
            }

            @Override
            public long tail() {
                return q.headOffset() + q.size();
            }

            @Override
            public byte[] bytes(long from, long to) {
                return q.peek((int) (from - q.headOffset()), (int) (to - from));
            }
        };
    }

    public static TcpSockFields fields(TcpSock sk) {
        return TcpSockFields.newBuilder()
                .setRcvQueueHead(sk.rcvQueue.headOffset()).setRcvQueueTail(sk.rcvQueue.headOffset() + sk.rcvQueue.size())
                .setWriteQueueHead(sk.writeQueue.headOffset())
                .setWriteQueueTail(sk.writeQueue.headOffset() + sk.writeQueue.size())
                .setRcvFin(sk.rcvFin).setFinRcvd(sk.finRcvd).setCopiedSeq(sk.copiedSeq).setRcvNxt(sk.rcvNxt)
                .setUrgData(sk.urgData).setUrgSeq(sk.urgSeq).setWriteSeq(sk.writeSeq).setSndNxt(sk.sndNxt)
                .setSndUp(sk.sndUp).setCorkedByMore(sk.corkedByMore).setFinQueued(sk.finQueued).setFinSent(sk.finSent)
                .setFinAcked(sk.finAcked).setAckPending(sk.ackPending).setSndWnd(sk.sndWnd).setRcvWnd(sk.rcvWnd)
                .setRcvWup(sk.rcvWup).setPeerMss(sk.peerMss).setMaxAckBacklog(sk.maxAckBacklog).setParent(parent(sk))
                .setPassive(sk.passive).setSynRetries(sk.synRetries).setRetransmits(sk.retransmits)
                .setNonagle(sk.nonagle).setUserMss(sk.userMss).setMssCache(sk.mssCache)
                .setKeepaliveTime(sk.keepaliveTime).setKeepaliveIntvl(sk.keepaliveIntvl)
                .setKeepaliveProbes(sk.keepaliveProbes).setLinger2(sk.linger2).setDeferAccept(sk.deferAccept)
                .setWindowClamp(sk.windowClamp).setUserTimeout(sk.userTimeout).setFastopenMaxQlen(sk.fastopenMaxQlen)
                .setFastopenConnect(sk.fastopenConnect).setFastopenNoCookie(sk.fastopenNoCookie)
                .setNotsentLowat(sk.notsentLowat).setRecvmsgInq(sk.recvmsgInq).setSaveSyn(sk.saveSyn)
                .setThinLto(sk.thinLto).setTxDelay(sk.txDelay).setPingpong(sk.pingpong).setBytesSent(sk.bytesSent)
                .setBytesReceived(sk.bytesReceived).setBytesAcked(sk.bytesAcked).setSegsIn(sk.segsIn)
                .setSegsOut(sk.segsOut).setDataSegsIn(sk.dataSegsIn).setDataSegsOut(sk.dataSegsOut)
                .setLastDataSentMs(sk.lastDataSentMillis).setLastDataRecvMs(sk.lastDataRecvMillis)
                .setDelackDeadlineMs(Net.deadline(sk.delackTimer))
                .setRetransmitDeadlineMs(Net.deadline(sk.retransmitTimer))
                .setCorkDeadlineMs(Net.deadline(sk.corkTimer)).build();
    }

    /** Every field as recorded, and the queues' bytes (rcv from the receive queue's head, write likewise). */
    public static void restore(TcpSock sk, TcpSockFields f, byte[] rcv, byte[] write) {
        sk.rcvQueue.restore(f.getRcvQueueHead(), rcv);
        sk.writeQueue.restore(f.getWriteQueueHead(), write);
        sk.rcvFin = f.getRcvFin();
        sk.finRcvd = f.getFinRcvd();
        sk.copiedSeq = f.getCopiedSeq();
        sk.rcvNxt = f.getRcvNxt();
        sk.urgData = f.getUrgData();
        sk.urgSeq = f.getUrgSeq();
        sk.writeSeq = f.getWriteSeq();
        sk.sndNxt = f.getSndNxt();
        sk.sndUp = f.getSndUp();
        sk.corkedByMore = f.getCorkedByMore();
        sk.finQueued = f.getFinQueued();
        sk.finSent = f.getFinSent();
        sk.finAcked = f.getFinAcked();
        sk.ackPending = f.getAckPending();
        sk.sndWnd = f.getSndWnd();
        sk.rcvWnd = f.getRcvWnd();
        sk.rcvWup = f.getRcvWup();
        sk.peerMss = f.getPeerMss();
        sk.maxAckBacklog = f.getMaxAckBacklog();
        sk.passive = f.getPassive();
        sk.synRetries = f.getSynRetries();
        sk.retransmits = f.getRetransmits();
        sk.nonagle = f.getNonagle();
        sk.userMss = f.getUserMss();
        sk.mssCache = f.getMssCache();
        sk.keepaliveTime = f.getKeepaliveTime();
        sk.keepaliveIntvl = f.getKeepaliveIntvl();
        sk.keepaliveProbes = f.getKeepaliveProbes();
        sk.linger2 = f.getLinger2();
        sk.deferAccept = f.getDeferAccept();
        sk.windowClamp = f.getWindowClamp();
        sk.userTimeout = f.getUserTimeout();
        sk.fastopenMaxQlen = f.getFastopenMaxQlen();
        sk.fastopenConnect = f.getFastopenConnect();
        sk.fastopenNoCookie = f.getFastopenNoCookie();
        sk.notsentLowat = f.getNotsentLowat();
        sk.recvmsgInq = f.getRecvmsgInq();
        sk.saveSyn = f.getSaveSyn();
        sk.thinLto = f.getThinLto();
        sk.txDelay = f.getTxDelay();
        sk.pingpong = f.getPingpong();
        sk.bytesSent = f.getBytesSent();
        sk.bytesReceived = f.getBytesReceived();
        sk.bytesAcked = f.getBytesAcked();
        sk.segsIn = f.getSegsIn();
        sk.segsOut = f.getSegsOut();
        sk.dataSegsIn = f.getDataSegsIn();
        sk.dataSegsOut = f.getDataSegsOut();
        sk.lastDataSentMillis = f.getLastDataSentMs();
        sk.lastDataRecvMillis = f.getLastDataRecvMs();
    }

    /** A child back in its listener's accept queue (children come in id order, the order they were queued). */
    public static void enqueueChild(TcpSock listener, TcpSock child) {
        listener.acceptQueue.addLast(child);
        listener.ackBacklog = listener.acceptQueue.size();
        child.parent = listener;
    }

    /** The timers the record had pending, due when they were (at once if that has passed). */
    public static void rearm(TcpSock sk, TcpSockFields f) {
        Net net = sk.net;
        if (f.getDelackDeadlineMs() != 0 && sk.ackPending) {
            TcpOutput.armDelack(sk, net.millisUntil(f.getDelackDeadlineMs()));
        }
        if (f.getRetransmitDeadlineMs() != 0 && sk.state == TCP_SYN_SENT) {
            long rto = Math.min(TcpIpv4.TIMEOUT_INIT_MILLIS << Math.min(sk.retransmits, 20), TcpIpv4.RTO_MAX_MILLIS);
            TcpIpv4.armSynRetransmit(sk, net.millisUntil(f.getRetransmitDeadlineMs()), rto);
        }
        if (f.getCorkDeadlineMs() != 0 && !sk.writeQueue.isEmpty()) {
            TcpOutput.armCorkProbe(sk, net.millisUntil(f.getCorkDeadlineMs()));
        }
    }

    /**
     * A child whose listener is gone (a crash between the listener's close and the
     * child's): aborted, as inet_csk_listen_stop aborts what a closing listener held.
     */
    public static void abortOrphanChild(TcpSock child) {
        child.parent = null;
        TcpClose.disconnect(child);
        child.dead = true;
        TcpClose.destroy(child);
    }
}
