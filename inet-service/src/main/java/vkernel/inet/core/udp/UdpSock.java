package vkernel.inet.core.udp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import vkernel.cred.v1.Cred;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.inet.core.ProtoOps;

/** struct udp_sock (include/linux/udp.h): the receive queue of datagrams, corking, UDP options. */
public class UdpSock extends InetSock {
    final ArrayDeque<Datagram> receiveQueue = new ArrayDeque<>();
    /** sk_rmem_alloc: the truesize of what the receive queue holds. */
    int rmemAlloc;
    /** Where this sock sits in its hash chains: later binds and rehashes come first. */
    long hashSeq;
    boolean hashed;

    // corking (UDP_CORK, MSG_MORE): the pending datagram and where it goes
    boolean cork;
    boolean pending;
    final ByteArrayOutputStream pendingData = new ByteArrayOutputStream();
    int pendingDaddr;
    int pendingDport;
    int pendingSaddr;

    int encapType;
    boolean noCheck6Tx;
    boolean noCheck6Rx;
    int gsoSize;
    boolean gro;

    /** sk_rmem_alloc, for inspection. */
    public int rmemAlloc() {
        return rmemAlloc;
    }

    public UdpSock(long id, Net net, int type, int protocol, long ino, Cred cred, Proto prot) {
        super(id, net, type, protocol, ino, cred, prot, ProtoOps.INET_DGRAM_OPS);
    }
}
