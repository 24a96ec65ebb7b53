package vkernel.inet.core.raw;

import java.util.ArrayDeque;
import java.util.List;
import vkernel.inet.core.Datagram;
import vkernel.state.v1.RawSockFields;

/** A raw_sock's own part of its record and back; raw_v4_hashinfo is rebuilt from the socks. */
public final class RawState {
    private RawState() {}

    public static ArrayDeque<Datagram> receiveQueue(RawSock sk) {
        return sk.receiveQueue;
    }

    public static RawSockFields fields(RawSock sk) {
        return RawSockFields.newBuilder().setIcmpFilter(sk.icmpFilter).setHashed(sk.hashed).build();
    }

    public static void restore(RawSock sk, RawSockFields f, List<Datagram> queue) {
        sk.icmpFilter = f.getIcmpFilter();
        for (Datagram d : queue) {
            sk.receiveQueue.addLast(d);
            sk.rmemAlloc += d.truesize();
        }
        sk.hashed = false;
        if (f.getHashed()) {
            sk.net.rawHashinfo().hash(sk); // raw_hash_sk; socks come in id order, the order they were made
        }
    }
}
