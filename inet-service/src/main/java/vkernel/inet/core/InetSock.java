package vkernel.inet.core;

import java.util.ArrayDeque;
import vkernel.cred.v1.Cred;
import vkernel.inet.core.tcp.TcpStates;
import vkernel.net.core.Sock;
import vkernel.net.v1.SocketState;
import vkernel.uapi.Socket;

/**
 * struct inet_sock (include/net/inet_sock.h): a Sock with IPv4 addresses and ports, the
 * IP-level options, and the struct socket state (SS_*) that inet_stream_connect and
 * inet_shutdown read. Guarded by the lock of its {@link Net}.
 */
public abstract class InetSock extends Sock implements SockCommon {
    /** sk_userlocks bits beyond the buffer locks of Sock. */
    public static final int SOCK_BINDADDR_LOCK = 4;
    public static final int SOCK_BINDPORT_LOCK = 8;

    /** IP_PMTUDISC_* values. */
    public static final int IP_PMTUDISC_WANT = 1;

    public final Net net;
    public final Proto prot;
    public final ProtoOps ops;

    /** socket->state, kept here because inet_stream_connect and inet_shutdown decide on it. */
    public SocketState socketState = SocketState.SOCKET_STATE_SS_UNCONNECTED;

    public int inetNum;
    public int inetSport;
    public int inetRcvSaddr;
    public int inetSaddr;
    public int inetDaddr;
    public int inetDport;
    public int boundDevIf;

    public int ucTtl = -1;
    public int tos;
    public int minTtl;
    public int mcTtl = 1;
    public int mcIndex;
    public int mcAddr;
    public int ucIndex;
    public int pmtudisc = IP_PMTUDISC_WANT;
    public int localPortRange;
    /** inet_flags bits (IP_RECVERR, IP_FREEBIND ...), as booleans. */
    public boolean recverr;
    public boolean recverrRfc4884;
    public boolean freebind;
    public boolean transparent;
    public boolean bindAddressNoPort;
    public boolean hdrincl;
    public boolean nodefrag;
    public boolean pktinfo;
    public boolean recvttl;
    public boolean recvtos;
    public boolean recvopts;
    public boolean retopts;
    public boolean passsec;
    public boolean origdstaddr;
    public boolean checksum;
    public boolean recvfragsize;
    public boolean mcLoop = true;
    public boolean mcAll = true;

    // SOL_SOCKET state vkernel.net.core.Sock does not keep (see SkSockopt)
    public boolean rcvTstamp;
    public boolean rcvTstampNs;
    public boolean rxqOvfl;
    public boolean selectErrQueue;
    public boolean zerocopy;
    public boolean preferBusyPoll;
    public int busyPollUsec;
    public int busyPollBudget;
    public int incomingCpu = -1;
    public int peekOff = -1;
    public long maxPacingRate = -1L;
    public int txrehash = 1;

    /** sk_dst_cache: a route is cached (connect, a connected send); IP_MTU needs one. */
    public boolean dstCached;

    /** SOCK_DONE: the peer will send no more (TCP FIN received, or a datagram sock disconnected). */
    public boolean done;
    /** SOCK_DEAD: orphaned, no struct socket refers to it any more. */
    public boolean dead;
    /** SO_TIMESTAMP and the other SOL_SOCKET flags SockOptions does not keep. */
    public final long createdMillis = System.currentTimeMillis();

    /** sk_error_queue: errors for MSG_ERRQUEUE (with IP_RECVERR). */
    public final ArrayDeque<Datagram> errorQueue = new ArrayDeque<>();

    protected InetSock(long id, Net net, int type, int protocol, long ino, Cred cred, Proto prot, ProtoOps ops) {
        super(id, net.id, Socket.AF_INET, type, protocol, ino, cred);
        this.net = net;
        this.prot = prot;
        this.ops = ops;
        this.state = TcpStates.TCP_CLOSE;
    }

    @Override
    public boolean isInet() {
        return true;
    }

    @Override
    public boolean listening() {
        return state == TcpStates.TCP_LISTEN;
    }

    @Override
    public int skcRcvSaddr() {
        return inetRcvSaddr;
    }

    @Override
    public int skcNum() {
        return inetNum;
    }

    @Override
    public int skcDaddr() {
        return inetDaddr;
    }

    @Override
    public int skcDport() {
        return inetDport;
    }

    @Override
    public int skcState() {
        return state;
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

    /** sk_wake: something a sleeper may wait for changed (data, space, state, error). */
    public void wake() {
        net.journal.sock(this); // what a sleeper waits for is state: it is recorded too
        net.wake(wq);
    }

    /** sock_flag(SOCK_LINGER) with sk_lingertime 0: close aborts. */
    public boolean lingerZero() {
        return linger && lingertime == 0;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + id + "[" + TcpStates.name(state) + " "
                + Addr.format(inetRcvSaddr, inetNum) + " -> " + Addr.format(inetDaddr, inetDport) + "]";
    }
}
