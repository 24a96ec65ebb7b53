package vkernel.inet.core.udp;

import vkernel.cred.v1.Cred;
import vkernel.inet.core.InetSock;
import vkernel.inet.core.Net;
import vkernel.inet.core.Proto;
import vkernel.inet.core.ProtoOps;

/** struct ping_sock (include/net/ping.h): ICMP echo over SOCK_DGRAM, for the groups net.ipv4.ping_group_range allows. */
public class PingSock extends InetSock {
    public PingSock(long id, Net net, int type, int protocol, long ino, Cred cred, Proto prot) {
        super(id, net, type, protocol, ino, cred, prot, ProtoOps.INET_SOCKRAW_OPS);
    }
}
