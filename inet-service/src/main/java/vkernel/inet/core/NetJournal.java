package vkernel.inet.core;

import com.google.protobuf.MessageLite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.tcp.TcpState;

/**
 * Records the changes of one namespace's tables as the state topic keeps them (shard =
 * the namespace). A mutation marks what it changed — a sock ({@link #sock}), or another
 * object by its key with a function that reads it ({@link #key}) — and whoever holds the
 * namespace lock flushes before letting go: each marked object is written once, as it is
 * then, so a call's changes are recorded in the order they happened and every answer
 * leaves after them. With durability off nothing is marked, kept or written.
 *
 * <p>Keys: {@code sock/<netns>/<id>}, {@code sockq/<netns>/<id>/<r|w>/<offset>},
 * {@code dgram/<netns>/<id>/<seq>}, {@code tw/…}, {@code req/…}, {@code tcpbind/<netns>/<port>},
 * {@code fib/<netns>/<table>/<key>}. Guarded by the namespace lock.
 */
public final class NetJournal {
    private final InetJournal journal;
    private final Net net;
    private final boolean recording;
    private final Set<InetSock> dirtySocks = new LinkedHashSet<>();
    private final Map<String, Supplier<MessageLite>> dirtyKeys = new LinkedHashMap<>();
    /** What the topic holds of each recorded sock's queues. */
    private final Map<InetSock, SockLog> logs = new HashMap<>();
    /** Every key of this namespace the topic holds a value for: what its exit deletes. */
    private final Set<String> live = new HashSet<>();

    private static final class SockLog {
        final StreamLog rcv = new StreamLog(false);
        final StreamLog write = new StreamLog(true);
        final DatagramLog datagrams = new DatagramLog();
        /** A 64-bit hash of the sock record last written: an unchanged sock is not written again. */
        long lastRecord;
    }

    NetJournal(InetJournal journal, Net net) {
        this.journal = journal;
        this.net = net;
        this.recording = journal.recording;
    }

    /** The sock changed (any field, queue or timer). */
    public void sock(InetSock sk) {
        if (recording) {
            dirtySocks.add(sk);
        }
    }

    /** The object at key changed; value reads it at the flush (null: it is gone). */
    public void key(String key, Supplier<MessageLite> value) {
        if (recording) {
            dirtyKeys.put(key, value);
        }
    }

    public boolean recording() {
        return recording;
    }

    long nextSockId() {
        return journal.ids.next();
    }

    void changedOutsideACall() {
        journal.changedOutsideACall();
    }

    /** Writes every marked object as it is now; the caller holds the namespace lock. */
    public void flush() {
        if (!recording || (dirtySocks.isEmpty() && dirtyKeys.isEmpty()) || net.exited()) {
            dirtySocks.clear();
            dirtyKeys.clear();
            return;
        }
        // Socks first: a TIME_WAIT or child taking a sock's 4-tuple comes after the sock left it.
        while (!dirtySocks.isEmpty()) {
            List<InetSock> now = new ArrayList<>(dirtySocks);
            dirtySocks.clear();
            for (InetSock sk : now) {
                flushSock(sk);
            }
        }
        while (!dirtyKeys.isEmpty()) {
            List<Map.Entry<String, Supplier<MessageLite>>> now = new ArrayList<>(dirtyKeys.entrySet());
            dirtyKeys.clear();
            for (Map.Entry<String, Supplier<MessageLite>> e : now) {
                MessageLite v = e.getValue().get();
                if (v == null) {
                    delete(e.getKey());
                } else {
                    put(e.getKey(), v);
                }
            }
        }
    }

    private boolean hasHandle(InetSock sk) {
        return journal.socks.get(sk.id) == sk;
    }

    private void flushSock(InetSock sk) {
        String key = sockKey(net.id, sk.id);
        SockLog log = logs.get(sk);
        boolean handle = hasHandle(sk);
        if (!InetSockState.live(sk, handle)) {
            if (log != null) {
                log.rcv.deleteAll(this, streamPrefix(net.id, sk.id));
                log.write.deleteAll(this, streamPrefix(net.id, sk.id));
                log.datagrams.deleteAll(this, datagramPrefix(net.id, sk.id));
                logs.remove(sk);
                delete(key);
            }
            return;
        }
        if (log == null) {
            log = new SockLog();
            logs.put(sk, log);
        }
        // The queues' records before the sock's: a crash between leaves bytes no record counts, never the reverse.
        if (sk instanceof TcpSock t) {
            log.rcv.sync(this, streamPrefix(net.id, sk.id), sk.id, TcpState.rcvQueue(t));
            log.write.sync(this, streamPrefix(net.id, sk.id), sk.id, TcpState.writeQueue(t));
        } else {
            ArrayDeque<Datagram> q = InetSockState.receiveQueue(sk);
            if (q != null) {
                log.datagrams.sync(this, datagramPrefix(net.id, sk.id), sk.id, q);
            }
        }
        MessageLite record = InetSockState.record(sk, handle);
        long h = fnv64(record.toByteArray());
        // a call that looked and changed nothing (EAGAIN, a sleep, getsockopt) writes nothing, and so waits for nothing
        if (h != log.lastRecord || !live.contains(key)) {
            log.lastRecord = h;
            put(key, record);
        }
    }

    /** FNV-1a, 64 bits: two different records of one sock colliding is not a concern at 2^-64. */
    private static long fnv64(byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : b) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    void put(String key, MessageLite value) {
        live.add(key);
        journal.changes.put(key, net.id, value);
    }

    void delete(String key) {
        if (live.remove(key)) {
            journal.changes.delete(key, net.id);
        }
    }

    /** The namespace is gone: every record of it is deleted. */
    void exit() {
        if (!recording) {
            return;
        }
        for (String key : live) {
            journal.changes.delete(key, net.id);
        }
        live.clear();
        logs.clear();
        dirtySocks.clear();
        dirtyKeys.clear();
    }

    // The restore tells the journal what the topic already holds.

    /** Forgets what the rebuild marked: the topic holds it already, as it was read. */
    void clearMarks() {
        dirtySocks.clear();
        dirtyKeys.clear();
    }

    void adopt(String key) {
        if (recording) {
            live.add(key);
        }
    }

    void adoptStream(InetSock sk, boolean writeQueue, long from, long to) {
        if (recording) {
            SockLog log = logs.computeIfAbsent(sk, s -> new SockLog());
            (writeQueue ? log.write : log.rcv).adopt(from, to);
        }
    }

    void adoptDatagram(InetSock sk, Datagram d, long seq) {
        if (recording) {
            logs.computeIfAbsent(sk, s -> new SockLog()).datagrams.adopt(d, seq);
        }
    }

    /** A record the restore found no use for (a crash left it between two of one call's records). */
    void drop(String key) {
        if (recording) {
            live.add(key);
            delete(key);
        }
    }

    public static String sockKey(long netns, long id) {
        return "sock/" + netns + "/" + id;
    }

    static String streamPrefix(long netns, long id) {
        return "sockq/" + netns + "/" + id;
    }

    static String datagramPrefix(long netns, long id) {
        return "dgram/" + netns + "/" + id;
    }
}
