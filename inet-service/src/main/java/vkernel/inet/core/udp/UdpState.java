package vkernel.inet.core.udp;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import vkernel.inet.core.Datagram;
import vkernel.inet.core.Net;
import vkernel.state.v1.UdpSockFields;

/**
 * A udp_sock's own part of its record and back; the receive queue's datagrams are
 * records of their own; the udp tables are rebuilt from the socks.
 */
public final class UdpState {
    private UdpState() {}

    public static ArrayDeque<Datagram> receiveQueue(UdpSock sk) {
        return sk.receiveQueue;
    }

    public static UdpSockFields fields(UdpSock sk) {
        return UdpSockFields.newBuilder().setHashSeq(sk.hashSeq).setHashed(sk.hashed).setCork(sk.cork)
                .setPending(sk.pending).setPendingData(ByteString.copyFrom(sk.pendingData.toByteArray()))
                .setPendingDaddr(sk.pendingDaddr).setPendingDport(sk.pendingDport).setPendingSaddr(sk.pendingSaddr)
                .setEncapType(sk.encapType).setNoCheck6Tx(sk.noCheck6Tx).setNoCheck6Rx(sk.noCheck6Rx)
                .setGsoSize(sk.gsoSize).setGro(sk.gro).build();
    }

    /** Every field as recorded, and the queued datagrams (oldest first), charged to sk_rmem_alloc. */
    public static void restore(UdpSock sk, UdpSockFields f, List<Datagram> queue) {
        sk.hashSeq = f.getHashSeq();
        sk.hashed = f.getHashed();
        sk.cork = f.getCork();
        sk.pending = f.getPending();
        sk.pendingData.writeBytes(f.getPendingData().toByteArray());
        sk.pendingDaddr = f.getPendingDaddr();
        sk.pendingDport = f.getPendingDport();
        sk.pendingSaddr = f.getPendingSaddr();
        sk.encapType = f.getEncapType();
        sk.noCheck6Tx = f.getNoCheck6Tx();
        sk.noCheck6Rx = f.getNoCheck6Rx();
        sk.gsoSize = f.getGsoSize();
        sk.gro = f.getGro();
        for (Datagram d : queue) {
            sk.receiveQueue.addLast(d);
            sk.rmemAlloc += d.truesize();
        }
    }

    /** The namespace's udp (and udplite) tables from their hashed socks, in the order they were hashed. */
    public static void rehash(Net net, List<UdpSock> socks) {
        List<UdpSock> hashed = socks.stream().filter(s -> s.hashed).sorted(Comparator.comparingLong(s -> s.hashSeq)).toList();
        for (UdpSock sk : hashed) {
            Udp.table(sk).restore(sk);
        }
    }
}
