package vkernel.inet.core.raw;

import java.util.ArrayDeque;
import vkernel.cred.v1.Cred;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.inet.core.ProtoOps;

/** struct raw_sock (include/net/raw.h): a datagram sock bound to an IP protocol number, with the ICMP filter. */
public class RawSock extends InetSock {
    final ArrayDeque<Datagram> receiveQueue = new ArrayDeque<>();
    int rmemAlloc;
    /** ICMP_FILTER: a bit per ICMP type to drop. */
    int icmpFilter;
    boolean hashed;

    public RawSock(long id, Net net, int type, int protocol, long ino, Cred cred, Proto prot) {
        super(id, net, type, protocol, ino, cred, prot, ProtoOps.INET_SOCKRAW_OPS);
    }
}
