package vkernel.inet.core.tcp;

import java.util.ArrayDeque;
import vkernel.cred.v1.Cred;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.inet.core.ProtoOps;
import vkernel.inet.core.Timers;
import vkernel.net.core.Sysctl;

/**
 * struct tcp_sock (include/linux/tcp.h) with its inet_connection_sock part: the state
 * machine's state, the byte streams in each direction, the accept queue of a listener
 * and the TCP-level options. Sequence numbers are not kept: on loopback every segment
 * arrives, in order, so a stream is its queue of bytes and a FIN mark.
 */
public class TcpSock extends InetSock {
    /** tp->nonagle bits. */
    static final int TCP_NAGLE_OFF = 1;
    static final int TCP_NAGLE_CORK = 2;
    static final int TCP_NAGLE_PUSH = 4;
    /** TCP_MSS_DEFAULT: mss_cache before a connection has one. */
    static final int TCP_MSS_DEFAULT = 536;

    // receive side: bytes the peer sent that the user has not read, then maybe its FIN
    final ByteQueue rcvQueue = new ByteQueue();
    /** The peer's FIN waits in the receive queue behind the data (not yet read). */
    boolean rcvFin;
    /** The peer's FIN arrived (what our ACKs acknowledge). */
    boolean finRcvd;
    /** copied_seq and rcv_nxt, counted in bytes from the start of the stream. */
    long copiedSeq;
    long rcvNxt;
    /** Urgent data (tcp_sock.urg_data): TCP_URG_VALID | the byte, TCP_URG_READ, or 0; at urgSeq. */
    int urgData;
    long urgSeq;
    static final int TCP_URG_VALID = 0x100;
    static final int TCP_URG_READ = 0x400;

    // send side: bytes accepted by send() that the peer's window has not taken yet
    final ByteQueue writeQueue = new ByteQueue();
    /** write_seq and snd_nxt in bytes; snd_up marks urgent data (MSG_OOB) as one past its last byte. */
    long writeSeq;
    long sndNxt;
    long sndUp;
    /** Partial segments held back by TCP_CORK or MSG_MORE, sent when uncorked or when the probe timer fires. */
    boolean corkedByMore;
    Timers.Cancel corkTimer = Timers.NOTHING;
    /** A FIN is due once the write queue drains (tcp_send_fin queued behind data). */
    boolean finQueued;
    boolean finSent;
    /** The peer has acknowledged our FIN. */
    boolean finAcked;
    /** An ACK of the peer's FIN is owed (delayed: pingpong mode after entering CLOSE_WAIT). */
    boolean ackPending;
    Timers.Cancel delackTimer = Timers.NOTHING;

    /** snd_wnd: how much more the peer said it takes. */
    int sndWnd;
    /** rcv_wnd and rcv_wup: the window the last segment advertised, and rcv_nxt then. */
    int rcvWnd;
    long rcvWup;
    /** The MSS option the peer's SYN carried. */
    int peerMss;

    // listener
    int maxAckBacklog;
    int ackBacklog;
    final ArrayDeque<TcpSock> acceptQueue = new ArrayDeque<>();
    /** The listener a child waits in the accept queue of. */
    TcpSock parent;

    // connection setup
    boolean passive;
    int synRetries;
    int retransmits;
    Timers.Cancel retransmitTimer = Timers.NOTHING;
    Timers.Cancel finWait2Timer = Timers.NOTHING;

    // TCP-level options (do_tcp_setsockopt), 0 meaning the sysctl default where Linux does so
    int nonagle;
    int userMss;
    int mssCache = TCP_MSS_DEFAULT;
    int keepaliveTime;
    int keepaliveIntvl;
    int keepaliveProbes;
    int linger2;
    int deferAccept;
    int windowClamp;
    int userTimeout;
    int fastopenMaxQlen;
    boolean fastopenConnect;
    boolean fastopenNoCookie;
    int notsentLowat;
    boolean recvmsgInq;
    int saveSyn;
    boolean thinLto;
    int txDelay;
    boolean pingpong;

    // tcp_info counters
    long bytesSent;
    long bytesReceived;
    long bytesAcked;
    int segsIn;
    int segsOut;
    int dataSegsIn;
    int dataSegsOut;
    long lastDataSentMillis = System.currentTimeMillis();
    long lastDataRecvMillis = lastDataSentMillis;

    public TcpSock(long id, Net net, int type, int protocol, long ino, Cred cred, Proto prot) {
        super(id, net, type, protocol, ino, cred, prot, ProtoOps.INET_STREAM_OPS);
    }

    /** tcp_init_sock: the buffer sizes of net.ipv4.tcp_{w,r}mem[1]. */
    void initSock() {
        sndbuf = Sysctl.TCP_WMEM[1];
        rcvbuf = Sysctl.TCP_RMEM[1];
    }

    @Override
    public void setKeepalive(boolean on) {
        keepopen = on;
    }

    /** Bytes readable now, FIN counted as one (rcv_nxt - copied_seq). */
    int inq() {
        return rcvQueue.size() + (rcvFin ? 1 : 0);
    }

    /*
     * Buffers are charged by skb truesize, not payload. Over lo a full-sized skb costs
     * about 2.7% more than it carries, and the receiver's window is about 82% of its
     * buffer: measured on Linux 6.18 (tcp_rmem[1] = 131072 takes 107616 bytes unread;
     * sk_sndbuf = 3939840 queues 3834048 more).
     */
    private static final long SND_PAYLOAD_NUM = 3834048;
    private static final long SND_PAYLOAD_DEN = 3939840;
    private static final long RCV_WINDOW_NUM = 107616;
    private static final long RCV_WINDOW_DEN = 131072;

    /** The payload the send buffer holds when full. */
    int sndCapacity() {
        return (int) (sndbuf * SND_PAYLOAD_NUM / SND_PAYLOAD_DEN);
    }

    /** sk_wmem_queued, in payload: what the write queue holds. */
    public int wmemQueued() {
        return writeQueue.size();
    }

    /** sk_stream_memory_free. */
    boolean streamMemoryFree() {
        return wmemQueued() < sndCapacity();
    }

    /** __sk_stream_is_writeable(sk, 1): free space at least half of what is queued. */
    boolean streamWriteable() {
        return sndCapacity() - wmemQueued() >= wmemQueued() / 2 && streamMemoryFree();
    }

    /** window_clamp: the largest window this sock advertises. */
    int windowClamp() {
        return (int) (rcvbuf * RCV_WINDOW_NUM / RCV_WINDOW_DEN);
    }

    /** How much the receive queue still takes: the window this sock advertises. */
    int receiveWindow() {
        return Math.max(0, windowClamp() - rcvQueue.size());
    }

    /** tcp_receive_window: what is left of the window last advertised, as the peer sees it. */
    int advertisedWindowLeft() {
        return (int) Math.max(0, rcvWup + rcvWnd - rcvNxt);
    }

    /** rcv_nxt, for inspection. */
    public long rcvNxt() {
        return rcvNxt;
    }

    /** snd_nxt, for inspection. */
    public long sndNxt() {
        return sndNxt;
    }

    /** The bytes in the receive queue the user has not read. */
    public int rcvQueueBytes() {
        return rcvQueue.size();
    }

    /** sk_ack_backlog: the children waiting in the accept queue. */
    public int ackBacklog() {
        return ackBacklog;
    }

    /** sk_max_ack_backlog. */
    public int maxAckBacklog() {
        return maxAckBacklog;
    }

    /** inet_listen's WRITE_ONCE(sk->sk_max_ack_backlog, backlog). */
    public void maxAckBacklog(int backlog) {
        maxAckBacklog = backlog;
    }

    /** sk_acceptq_is_full. */
    boolean acceptqIsFull() {
        return Integer.compareUnsigned(ackBacklog, maxAckBacklog) > 0;
    }

    /** The MSS option of our SYN (tcp_advertise_mss): lo's MTU less the headers, or TCP_MAXSEG. */
    int advertisedMss() {
        int mss = net.lo().mtu() - 40;
        return userMss != 0 ? Math.min(userMss, mss) : mss;
    }

    void cancelTimers() {
        delackTimer.cancel();
        delackTimer = Timers.NOTHING;
        retransmitTimer.cancel();
        retransmitTimer = Timers.NOTHING;
        finWait2Timer.cancel();
        finWait2Timer = Timers.NOTHING;
        corkTimer.cancel();
        corkTimer = Timers.NOTHING;
    }
}
