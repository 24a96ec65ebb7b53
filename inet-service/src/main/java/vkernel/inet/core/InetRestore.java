package vkernel.inet.core;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vkernel.inet.core.dev.DevState;
import vkernel.inet.core.fib.FibState;
import vkernel.inet.core.raw.RawSock;
import vkernel.inet.core.raw.RawState;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.tcp.TcpState;
import vkernel.inet.core.tcp.TcpTablesState;
import vkernel.inet.core.udp.UdpSock;
import vkernel.inet.core.udp.UdpState;
import vkernel.kernel.state.StateRecord;
import vkernel.state.v1.FibLeafRecord;
import vkernel.state.v1.InetBindBucketRecord;
import vkernel.state.v1.InetDatagramRecord;
import vkernel.state.v1.InetIds;
import vkernel.state.v1.InetRequestRecord;
import vkernel.state.v1.InetSockRecord;
import vkernel.state.v1.InetTimewaitRecord;
import vkernel.state.v1.NetDeviceRecord;
import vkernel.state.v1.NetDeviceTableRecord;
import vkernel.state.v1.TcpStreamChunk;

/**
 * Rebuilds the stack's tables from the live records of its state topic: per namespace
 * the devices with their addresses, the FIB, the socks with their queued bytes and datagrams, then the port and
 * connection tables from the socks, the accept queues from the children, and the timers
 * from their deadlines. Then it reconciles what a crash left between two records of one
 * call: a child whose listener is gone is aborted (its peer gets a reset, as
 * inet_csk_listen_stop does); a TIME_WAIT or request sock whose 4-tuple a sock holds,
 * a request whose listener is gone, a bind bucket no sock holds, queue bytes outside
 * their sock's queue and records of a sock with no record are deleted; the sock id
 * counter goes on above every id seen.
 */
public final class InetRestore {
    /** What came back. */
    public record Restored(int namespaces, int socks, int handles, int timewait, int requests, int fibLeaves,
            int dropped) {}

    private static final class NetRecords {
        final List<String> keys = new ArrayList<>();
        final List<InetSockRecord> socks = new ArrayList<>();
        final Map<Long, List<TcpStreamChunk>> chunks = new HashMap<>();
        final Map<Long, List<InetDatagramRecord>> datagrams = new HashMap<>();
        final List<InetTimewaitRecord> timewait = new ArrayList<>();
        final List<InetRequestRecord> requests = new ArrayList<>();
        final Map<Integer, InetBindBucketRecord> buckets = new HashMap<>();
        final List<FibLeafRecord> fib = new ArrayList<>();
        final List<NetDeviceRecord> devices = new ArrayList<>();
        NetDeviceTableRecord deviceTable;
    }

    private InetRestore() {}

    static Restored into(AfInet af, InetJournal journal, List<StateRecord> live) {
        long idCeiling = 0;
        long maxId = 0;
        Map<Long, NetRecords> byNet = new TreeMap<>();
        for (StateRecord r : live) {
            try {
                if (r.table().equals(SockIds.KEY)) {
                    idCeiling = InetIds.parseFrom(r.value()).getSockIdCeiling();
                    continue;
                }
                String[] k = r.key().split("/");
                if (k.length < 2) {
                    continue; // a table of a later version: not ours to read
                }
                NetRecords n = byNet.computeIfAbsent(Long.parseLong(k[1]), x -> new NetRecords());
                n.keys.add(r.key());
                switch (r.table()) {
                    case "sock" -> {
                        InetSockRecord s = InetSockRecord.parseFrom(r.value());
                        n.socks.add(s);
                        maxId = Math.max(maxId, s.getId());
                    }
                    case "sockq" -> {
                        TcpStreamChunk c = TcpStreamChunk.parseFrom(r.value());
                        n.chunks.computeIfAbsent(c.getSock(), x -> new ArrayList<>()).add(c);
                    }
                    case "dgram" -> {
                        InetDatagramRecord d = InetDatagramRecord.parseFrom(r.value());
                        n.datagrams.computeIfAbsent(d.getSock(), x -> new ArrayList<>()).add(d);
                    }
                    case "tw" -> n.timewait.add(InetTimewaitRecord.parseFrom(r.value()));
                    case "req" -> n.requests.add(InetRequestRecord.parseFrom(r.value()));
                    case "tcpbind" -> {
                        InetBindBucketRecord b = InetBindBucketRecord.parseFrom(r.value());
                        n.buckets.put(b.getPort(), b);
                    }
                    case "fib" -> n.fib.add(FibLeafRecord.parseFrom(r.value()));
                    case "netdev" -> n.devices.add(NetDeviceRecord.parseFrom(r.value()));
                    case "netdevs" -> n.deviceTable = NetDeviceTableRecord.parseFrom(r.value());
                    default -> { } // a table of a later version: not ours to read
                }
            } catch (InvalidProtocolBufferException | NumberFormatException e) {
                throw new IllegalStateException("state record " + r.key() + " is not a vkernel.state.v1 message", e);
            }
        }
        journal.ids.restore(idCeiling, maxId);
        int[] count = new int[6];
        for (Map.Entry<Long, NetRecords> e : byNet.entrySet()) {
            Net net = af.net(e.getKey());
            synchronized (net) {
                restoreNet(net, e.getValue(), journal.socks, count);
            }
            net.flushWakeups();
        }
        return new Restored(byNet.size(), count[0], count[1], count[2], count[3], count[4], count[5]);
    }

    private static void restoreNet(Net net, NetRecords n, SockTable socks, int[] count) {
        NetJournal j = net.journal;
        n.keys.forEach(j::adopt);
        for (NetDeviceRecord dev : n.devices) {
            DevState.restore(net.devices, dev);
        }
        if (n.deviceTable != null) {
            DevState.restore(net.devices, n.deviceTable);
        }
        for (FibLeafRecord leaf : n.fib) {
            FibState.restore(net.fib(), leaf);
            count[4]++;
        }
        Map<String, Proto> protos = new HashMap<>();
        for (InetProtosw row : InetSw.ROWS) {
            protos.put(row.prot().name, row.prot());
        }
        n.socks.sort(Comparator.comparingLong(InetSockRecord::getId));
        List<TcpSock> tcp = new ArrayList<>();
        List<UdpSock> udp = new ArrayList<>();
        Map<Long, Long> parents = new HashMap<>();
        Map<TcpSock, InetSockRecord> timers = new HashMap<>();
        for (InetSockRecord r : n.socks) {
            Proto prot = protos.get(r.getProt());
            long parent = r.hasTcp() ? r.getTcp().getParent() : 0;
            if (prot == null || !(r.getHandle() || r.hasTcp() && (r.getSock().getState() != vkernel.inet.core.tcp.TcpStates.TCP_CLOSE || parent != 0))) {
                dropSock(j, net.id, r.getId(), n);
                continue;
            }
            InetSock sk = InetSockState.restore(net, prot, r);
            if (sk instanceof TcpSock t) {
                byte[] rcv = stream(j, t, false, r.getTcp().getRcvQueueHead(), r.getTcp().getRcvQueueTail(), n);
                byte[] write = stream(j, t, true, r.getTcp().getWriteQueueHead(), r.getTcp().getWriteQueueTail(), n);
                TcpState.restore(t, r.getTcp(), rcv, write);
                if (parent != 0) {
                    parents.put(t.id, parent);
                }
                tcp.add(t);
                timers.put(t, r);
            } else if (sk instanceof UdpSock u) {
                UdpState.restore(u, r.getUdp(), datagrams(j, sk, n));
                udp.add(u);
            } else if (sk instanceof RawSock raw) {
                RawState.restore(raw, r.getRaw(), datagrams(j, sk, n));
            }
            n.chunks.remove(sk.id);
            n.datagrams.remove(sk.id);
            if (r.getHandle()) {
                socks.add(sk);
                count[1]++;
            }
            count[0]++;
        }
        // queue records of socks that have no record (a crash between a sock's last records)
        n.chunks.forEach((id, cs) -> cs.forEach(c -> j.drop(chunkKey(net.id, c))));
        n.datagrams.forEach((id, ds) -> ds.forEach(d -> j.drop(NetJournal.datagramPrefix(net.id, id) + "/" + d.getSeq())));
        int[] dropped = {0};
        List<TcpSock> orphans = TcpTablesState.rebuild(net, tcp,
                new TcpTablesState.Recorded(n.timewait, n.requests, n.buckets, parents), key -> {
                    j.drop(key);
                    dropped[0]++;
                });
        UdpState.rehash(net, udp);
        timers.forEach((t, r) -> TcpState.rearm(t, r.getTcp()));
        count[2] += n.timewait.size();
        count[3] += n.requests.size();
        count[5] += dropped[0];
        j.clearMarks(); // the rebuild marked what the topic holds already
        for (TcpSock child : orphans) {
            TcpState.abortOrphanChild(child);
            count[5]++;
        }
        net.drain();
        j.flush();
    }

    private static void dropSock(NetJournal j, long netns, long id, NetRecords n) {
        j.drop(NetJournal.sockKey(netns, id));
        List<TcpStreamChunk> cs = n.chunks.remove(id);
        if (cs != null) {
            cs.forEach(c -> j.drop(chunkKey(netns, c)));
        }
        List<InetDatagramRecord> ds = n.datagrams.remove(id);
        if (ds != null) {
            ds.forEach(d -> j.drop(NetJournal.datagramPrefix(netns, id) + "/" + d.getSeq()));
        }
    }

    private static String chunkKey(long netns, TcpStreamChunk c) {
        return NetJournal.streamPrefix(netns, c.getSock()) + (c.getWriteQueue() ? "/w/" : "/r/") + c.getOffset();
    }

    /** The bytes [head, tail) of one queue from its chunks; chunks wholly outside are deleted. */
    private static byte[] stream(NetJournal j, TcpSock sk, boolean writeQueue, long head, long tail, NetRecords n) {
        List<TcpStreamChunk> cs = new ArrayList<>(n.chunks.getOrDefault(sk.id, List.of()));
        cs.removeIf(c -> c.getWriteQueue() != writeQueue);
        cs.sort(Comparator.comparingLong(TcpStreamChunk::getOffset));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long pos = head;
        for (TcpStreamChunk c : cs) {
            long start = c.getOffset();
            long end = start + c.getData().size();
            if (end <= head || start >= tail || start > pos) {
                j.drop(chunkKey(sk.netns, c)); // read or sent already, or past what the sock's record counts
                continue;
            }
            int from = (int) (pos - start);
            int to = (int) (Math.min(end, tail) - start);
            out.write(c.getData().substring(from, to).toByteArray(), 0, to - from);
            pos = start + to;
            if (end > tail) {
                // Written before a sock record that never became durable: its bytes past the
                // sock's tail were never answered, and the retried send will queue others there.
                j.put(chunkKey(sk.netns, c), c.toBuilder().setData(c.getData().substring(0, to)).build());
                end = tail;
            }
            j.adoptStream(sk, writeQueue, start, end);
        }
        if (pos < tail) {
            System.getLogger(InetRestore.class.getName()).log(System.Logger.Level.WARNING,
                    "sock " + sk.id + ": " + (tail - pos) + " queued bytes have no record; the queue ends early");
        }
        return out.toByteArray();
    }

    /** A sock's datagrams in queue order, each adopted as the record the topic holds. */
    private static List<Datagram> datagrams(NetJournal j, InetSock sk, NetRecords n) {
        List<InetDatagramRecord> ds = new ArrayList<>(n.datagrams.getOrDefault(sk.id, List.of()));
        ds.sort(Comparator.comparingLong(InetDatagramRecord::getSeq));
        List<Datagram> out = new ArrayList<>();
        for (InetDatagramRecord r : ds) {
            Datagram d = DatagramLog.of(r.getDatagram());
            j.adoptDatagram(sk, d, r.getSeq());
            out.add(d);
        }
        return out;
    }
}
