package vkernel.inet.core;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import vkernel.state.v1.InetDatagram;
import vkernel.state.v1.InetDatagramRecord;

/**
 * The records of one datagram receive queue (key dgram/&lt;netns&gt;/&lt;sock&gt;/&lt;seq&gt;): a
 * record per datagram, written when it is queued and deleted when it is read. The queue
 * is FIFO (queued at the tail, read at the head, or all dropped), so what changed since
 * the last look is found by identity: recorded datagrams no longer at the head were read,
 * datagrams beyond the recorded ones are new.
 */
final class DatagramLog {
    private final ArrayDeque<Datagram> recorded = new ArrayDeque<>();
    private final ArrayDeque<Long> seqs = new ArrayDeque<>();
    private long nextSeq;

    private static String key(String prefix, long seq) {
        return prefix + "/" + seq;
    }

    void sync(NetJournal j, String prefix, long sock, ArrayDeque<Datagram> q) {
        Datagram head = q.peekFirst();
        while (!recorded.isEmpty() && recorded.peekFirst() != head) {
            recorded.pollFirst();
            j.delete(key(prefix, seqs.pollFirst()));
        }
        int fresh = q.size() - recorded.size();
        if (fresh <= 0) {
            return;
        }
        List<Datagram> added = new ArrayList<>(fresh);
        Iterator<Datagram> it = q.descendingIterator();
        for (int i = 0; i < fresh; i++) {
            added.add(it.next());
        }
        Collections.reverse(added);
        for (Datagram d : added) {
            long seq = nextSeq++;
            j.put(key(prefix, seq), InetDatagramRecord.newBuilder().setSock(sock).setSeq(seq).setDatagram(proto(d)).build());
            recorded.addLast(d);
            seqs.addLast(seq);
        }
    }

    /** A restored datagram the topic holds, in queue order. */
    void adopt(Datagram d, long seq) {
        recorded.addLast(d);
        seqs.addLast(seq);
        nextSeq = Math.max(nextSeq, seq + 1);
    }

    void deleteAll(NetJournal j, String prefix) {
        for (long seq : seqs) {
            j.delete(key(prefix, seq));
        }
        recorded.clear();
        seqs.clear();
    }

    static InetDatagram proto(Datagram d) {
        return InetDatagram.newBuilder().setData(ByteString.copyFrom(d.data())).setSaddr(d.saddr()).setSport(d.sport())
                .setDaddr(d.daddr()).setDport(d.dport()).setTruesize(d.truesize()).setEeErrno(d.eeErrno()).build();
    }

    static Datagram of(InetDatagram d) {
        return new Datagram(d.getData().toByteArray(), d.getSaddr(), d.getSport(), d.getDaddr(), d.getDport(),
                d.getTruesize(), d.getEeErrno());
    }
}
