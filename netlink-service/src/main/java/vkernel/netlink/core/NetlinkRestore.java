package vkernel.netlink.core;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.state.StateRecord;
import vkernel.state.v1.NetlinkDumpChunkState;
import vkernel.state.v1.NetlinkDumpState;
import vkernel.state.v1.NetlinkIds;
import vkernel.state.v1.NetlinkIdentity;
import vkernel.state.v1.NetlinkMulticastPosition;
import vkernel.state.v1.NetlinkRtnlRegistration;
import vkernel.state.v1.NetlinkRtnlRow;
import vkernel.state.v1.NetlinkSkbState;
import vkernel.state.v1.NetlinkSockCommon;
import vkernel.state.v1.NetlinkSockDiagRegistration;
import vkernel.state.v1.NetlinkSockState;

/**
 * Rebuilds netlink's tables from the live records of its state topic (see
 * {@link NetlinkJournal} for the keys), and reconciles what a crash left between two
 * records of one change: skbs and dump chunks whose sock is gone are freed (a release
 * cut off after the sock's tombstone), a dump missing a chunk is dropped, the sock
 * handle counter goes on past every restored handle, and a registration whose rows a
 * later one holds is stale. Sleepers, wait queues and timers are not state: a caller
 * blocked in recvmsg when the layer died retries the call.
 */
public final class NetlinkRestore {
    /** What was rebuilt, and where the multicast consumer reads on. */
    public record Restored(int socks, int skbs, int dumps, int registrations, int freed, List<Position> positions) {}

    /** nlmc: the next offset to read of the protocol's multicast topic's partition. */
    public record Position(int protocol, int partition, long nextOffset) {}

    private NetlinkRestore() {}

    public static Restored into(AfNetlink af, List<StateRecord> live, long now) {
        Parsed p = parse(live);
        int skbs = 0;
        int dumps = 0;
        int freed = 0;
        synchronized (af.lock) {
            long highest = 0;
            for (NetlinkSockState s : p.socks.values()) {
                NetlinkSock sk = sock(af, s);
                highest = Math.max(highest, sk.id);
                for (NetlinkSkbState b : p.skbs.getOrDefault(sk.id, new TreeMap<>()).values()) {
                    Skb skb = new Skb(b.getData().toByteArray(), b.getPortid(), b.getDstGroup(), b.getTruesize());
                    sk.receiveQueue.add(skb);
                    sk.queueSeqs.add(b.getSeq());
                    sk.rmemAlloc += skb.truesize();
                    sk.nextSkbSeq = b.getSeq() + 1;
                    skbs++;
                }
                NetlinkDumpState d = p.dumps.remove(sk.id);
                List<NetlinkDumpChunkState> chunks = p.chunks.remove(sk.id);
                if (d != null) {
                    dump(af, sk, d, chunks == null ? new ArrayList<>() : chunks);
                    dumps++;
                } else if (chunks != null) {
                    for (NetlinkDumpChunkState c : chunks) {
                        af.journal.chunkGone(sk.netns, sk.id, c.getChunk()); // the dump ended; its header went first
                        freed++;
                    }
                }
            }
            // Left without a sock: freed.
            for (Map.Entry<Long, TreeMap<Long, NetlinkSkbState>> e : p.skbs.entrySet()) {
                if (!p.socks.containsKey(e.getKey())) {
                    for (NetlinkSkbState b : e.getValue().values()) {
                        af.journal.skbGone(p.netnsOf.get(e.getKey()), e.getKey(), b.getSeq());
                        freed++;
                    }
                }
            }
            for (long sock : p.dumps.keySet()) {
                af.journal.dumpGone(p.netnsOf.get(sock), sock);
                freed++;
            }
            for (Map.Entry<Long, List<NetlinkDumpChunkState>> e : p.chunks.entrySet()) {
                for (NetlinkDumpChunkState c : e.getValue()) {
                    af.journal.chunkGone(p.netnsOf.get(e.getKey()), e.getKey(), c.getChunk());
                    freed++;
                }
            }
            af.ids.restore(p.ids == null ? 1 : p.ids.getSockCeiling(), highest);
            if (p.identity != null) {
                af.mc.origin(p.identity.getId());
            } else {
                af.journal.identity(af.mc.origin()); // a first start: this identity from now on
            }
            List<Position> positions = new ArrayList<>();
            for (NetlinkMulticastPosition m : p.positions) {
                af.mc.start(m.getProtocol(), m.getPartition(), m.getNextOffset());
                positions.add(new Position(m.getProtocol(), m.getPartition(), m.getNextOffset()));
            }
            int registrations = registrations(af.handlers, p, now);
            return new Restored(p.socks.size(), skbs, dumps, registrations, freed, positions);
        }
    }

    /** The sock's record as a sock in the tables: hashed by portid, on mc_list with its groups. */
    private static NetlinkSock sock(AfNetlink af, NetlinkSockState s) {
        NetlinkSock sk = new NetlinkSock(s.getId(), s.getNetns(), s.getType(), s.getProtocol(), s.getIno(),
                Cred.newBuilder().setUid(s.getUid()).build());
        sk.portid = s.getPortid();
        sk.state = s.getSkState();
        sk.dstPortid = s.getDstPortid();
        sk.dstGroup = s.getDstGroup();
        sk.flags = s.getFlags();
        sk.ngroups = s.getNgroups();
        if (s.getGroupsCount() > 0) {
            sk.groups = s.getGroupsList().stream().mapToLong(Long::longValue).toArray();
        }
        sk.congested = s.getCongested();
        sk.maxRecvmsgLen = s.getMaxRecvmsgLen();
        sk.drops = s.getDrops();
        sk.mcNextOffset.putAll(s.getMcNextOffsetMap());
        common(sk, s.getSock());
        af.table.add(sk);
        if (s.getBound()) {
            sk.bound = af.table.insert(sk); // two socks on one portid cannot both have been recorded bound
        }
        af.table.updateSubscriptions(sk, sk.countGroups());
        return sk;
    }

    private static void common(NetlinkSock sk, NetlinkSockCommon c) {
        sk.rcvbuf = c.getRcvbuf();
        sk.sndbuf = c.getSndbuf();
        sk.userlocks = c.getUserlocks();
        sk.shutdown = c.getShutdown();
        sk.err = c.getErr();
        sk.errSoft = c.getErrSoft();
        sk.reuse = c.getReuse();
        sk.reuseport = c.getReuseport();
        sk.keepopen = c.getKeepopen();
        sk.broadcast = c.getBroadcast();
        sk.oobinline = c.getOobinline();
        sk.dontroute = c.getDontroute();
        sk.debug = c.getDebug();
        sk.noCheck = c.getNoCheck();
        sk.passcred = c.getPasscred();
        sk.linger = c.getLinger();
        sk.lingertime = c.getLingertime();
        sk.priority = c.getPriority();
        sk.mark = c.getMark();
        sk.rcvlowat = c.getRcvlowat();
        sk.rcvtimeo = c.getRcvtimeo();
        sk.sndtimeo = c.getSndtimeo();
    }

    /**
     * The running dump, from its header and the chunks not yet used up. Should a chunk be
     * missing, the dump cannot go on: it ends, as an interrupted one (NLMSG_DONE with
     * -EINTR), so its reader is not left waiting for the rest.
     */
    private static void dump(AfNetlink af, NetlinkSock sk, NetlinkDumpState d, List<NetlinkDumpChunkState> chunks) {
        chunks.sort(Comparator.comparingInt(NetlinkDumpChunkState::getChunk));
        int firstLeft = d.getChunks() - chunks.size();
        long[] starts = new long[d.getChunks()];
        List<byte[]> remaining = new ArrayList<>();
        boolean whole = true;
        for (int i = 0; i < chunks.size(); i++) {
            NetlinkDumpChunkState c = chunks.get(i);
            whole &= c.getChunk() == firstLeft + i;
            starts[Math.min(c.getChunk(), starts.length - 1)] = c.getFirst();
            long index = c.getFirst();
            for (ByteString m : c.getMessagesList()) {
                if (index++ >= d.getConsumed()) {
                    remaining.add(m.toByteArray());
                }
            }
        }
        Errno errno = Errno.forNumber(d.getErrno());
        if (!whole || errno == null) {
            remaining.clear();
            errno = Errno.ERRNO_EINTR;
        }
        sk.cb = new NetlinkCallback(d.getSeq(), d.getPortid(), errno, d.getAnswerFlags(), remaining, d.getConsumed(),
                starts, firstLeft);
        sk.cb.extack = whole && !d.getExtack().isEmpty() ? d.getExtack() : null;
        if (!whole) {
            af.journal.dump(sk, sk.cb);
        }
        if (sk.receiveQueue.isEmpty()) {
            // A running dump keeps an skb queued; without one the reader would sleep for ever.
            NetlinkCallback cb = sk.cb;
            NetlinkDump.Step next = NetlinkDump.dump(sk);
            af.journal.dump(sk, cb);
            if (next.skb() != null) {
                NetlinkDeliver.sendskb(af, sk, next.skb());
            }
        }
    }

    /** Newest first: a stale registration (its rows taken over since) is refused and dropped. */
    private static int registrations(RtnlHandlerTable handlers, Parsed p, long now) {
        int n = 0;
        for (int i = p.rtnl.size() - 1; i >= 0; i--) {
            NetlinkRtnlRegistration r = p.rtnl.get(i);
            List<RtnlHandlerTable.Spec> specs = new ArrayList<>();
            for (NetlinkRtnlRow row : r.getRowsList()) {
                specs.add(new RtnlHandlerTable.Spec(row.getProtocol(), row.getMsgtype(), row.getDoit(), row.getDumpit()));
            }
            if (handlers.restoreRtnl(specs, r.getAddress(), r.getInstanceId(), now)) {
                n++;
            }
        }
        for (NetlinkSockDiagRegistration d : p.diag) {
            handlers.restoreDiag(d.getFamily(), d.getAddress(), d.getInstanceId(), now);
            n++;
        }
        return n;
    }

    /** The live records by table. */
    private static final class Parsed {
        NetlinkIds ids;
        NetlinkIdentity identity;
        final List<NetlinkMulticastPosition> positions = new ArrayList<>();
        final Map<Long, NetlinkSockState> socks = new HashMap<>();
        final Map<Long, TreeMap<Long, NetlinkSkbState>> skbs = new HashMap<>();
        final Map<Long, NetlinkDumpState> dumps = new HashMap<>();
        final Map<Long, List<NetlinkDumpChunkState>> chunks = new HashMap<>();
        /** The netns of every sock a record names (from its key): where to free what it left. */
        final Map<Long, Long> netnsOf = new HashMap<>();
        final List<NetlinkRtnlRegistration> rtnl = new ArrayList<>();
        final List<NetlinkSockDiagRegistration> diag = new ArrayList<>();
    }

    private static Parsed parse(List<StateRecord> live) {
        Parsed p = new Parsed();
        for (StateRecord r : live) {
            try {
                switch (r.table()) {
                    case "nlids" -> p.ids = NetlinkIds.parseFrom(r.value());
                    case "nlidentity" -> p.identity = NetlinkIdentity.parseFrom(r.value());
                    case "nlmc" -> p.positions.add(NetlinkMulticastPosition.parseFrom(r.value()));
                    case "nlsk" -> {
                        NetlinkSockState s = NetlinkSockState.parseFrom(r.value());
                        p.socks.put(s.getId(), s);
                        p.netnsOf.put(s.getId(), s.getNetns());
                    }
                    case "nlskb" -> {
                        NetlinkSkbState b = NetlinkSkbState.parseFrom(r.value());
                        p.skbs.computeIfAbsent(b.getSock(), k -> new TreeMap<>()).put(b.getSeq(), b);
                        p.netnsOf.put(b.getSock(), netnsOfKey(r.key()));
                    }
                    case "nlcb" -> {
                        NetlinkDumpState d = NetlinkDumpState.parseFrom(r.value());
                        p.dumps.put(d.getSock(), d);
                        p.netnsOf.put(d.getSock(), netnsOfKey(r.key()));
                    }
                    case "nlcbm" -> {
                        NetlinkDumpChunkState c = NetlinkDumpChunkState.parseFrom(r.value());
                        p.chunks.computeIfAbsent(c.getSock(), k -> new ArrayList<>()).add(c);
                        p.netnsOf.put(c.getSock(), netnsOfKey(r.key()));
                    }
                    case "rtnl" -> p.rtnl.add(NetlinkRtnlRegistration.parseFrom(r.value()));
                    case "diag" -> p.diag.add(NetlinkSockDiagRegistration.parseFrom(r.value()));
                    default -> { } // a table of a later version: not ours to read
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("state record " + r.key() + " is not a vkernel.state.v1 message", e);
            }
        }
        return p;
    }

    /** The netns of a key table/netns/sock/...: the shard its records went to. */
    private static long netnsOfKey(String key) {
        int a = key.indexOf('/');
        int b = key.indexOf('/', a + 1);
        return Long.parseLong(key.substring(a + 1, b));
    }
}
