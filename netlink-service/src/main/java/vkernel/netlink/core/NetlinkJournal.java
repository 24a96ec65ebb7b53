package vkernel.netlink.core;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import vkernel.kernel.state.StateChanges;
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
 * Records every change of netlink's tables as the state topic keeps them
 * (vkernel.state.v1, netlink.proto): {@code nlsk/<netns>/<sock>}, one {@code
 * nlskb/<netns>/<sock>/<seq>} per queued skb, a running dump's {@code nlcb/<netns>/<sock>}
 * and its message chunks {@code nlcbm/<netns>/<sock>/<chunk>}; in shard 0 {@code nlids},
 * {@code nlidentity}, {@code nlmc/<protocol>/<partition>}, {@code rtnl/<instance>} and
 * {@code diag/<family>}. The shard of a sock's records is its network namespace. Called
 * under the lock that guards the object (AfNetlink's, or the handler table's).
 */
final class NetlinkJournal {
    /** Message bytes per dump chunk: a chunk record stays far below the topic's 8 MiB. */
    static final int DUMP_CHUNK_BYTES = 1 << 20;

    private final StateChanges changes;

    NetlinkJournal(StateChanges changes) {
        this.changes = changes;
    }

    boolean recording() {
        return changes.recording();
    }

    static String sockKey(long netns, long id) {
        return "nlsk/" + netns + "/" + id;
    }

    static String skbKey(long netns, long id, long seq) {
        return "nlskb/" + netns + "/" + id + "/" + seq;
    }

    static String dumpKey(long netns, long id) {
        return "nlcb/" + netns + "/" + id;
    }

    static String chunkKey(long netns, long id, int chunk) {
        return "nlcbm/" + netns + "/" + id + "/" + chunk;
    }

    /** The sock as it is now (its queue and dump are records of their own). */
    void sock(NetlinkSock sk) {
        if (!changes.recording() || sk.dead) {
            return;
        }
        NetlinkSockState.Builder b = NetlinkSockState.newBuilder().setId(sk.id).setNetns(sk.netns).setType(sk.type)
                .setProtocol(sk.protocol).setIno(sk.ino).setUid(sk.uid).setPortid(sk.portid).setBound(sk.bound)
                .setSkState(sk.state).setDstPortid(sk.dstPortid).setDstGroup(sk.dstGroup).setFlags(sk.flags)
                .setNgroups(sk.ngroups).setCongested(sk.congested).setMaxRecvmsgLen(sk.maxRecvmsgLen)
                .setDrops(sk.drops).setSock(common(sk)).putAllMcNextOffset(sk.mcNextOffset);
        if (sk.groups != null) {
            for (long w : sk.groups) {
                b.addGroups(w);
            }
        }
        changes.put(sockKey(sk.netns, sk.id), sk.netns, b.build());
    }

    private static NetlinkSockCommon common(NetlinkSock sk) {
        return NetlinkSockCommon.newBuilder().setRcvbuf(sk.rcvbuf).setSndbuf(sk.sndbuf).setUserlocks(sk.userlocks)
                .setShutdown(sk.shutdown).setErr(sk.err).setErrSoft(sk.errSoft).setReuse(sk.reuse)
                .setReuseport(sk.reuseport).setKeepopen(sk.keepopen).setBroadcast(sk.broadcast)
                .setOobinline(sk.oobinline).setDontroute(sk.dontroute).setDebug(sk.debug).setNoCheck(sk.noCheck)
                .setPasscred(sk.passcred).setLinger(sk.linger).setLingertime(sk.lingertime)
                .setPriority(sk.priority).setMark(sk.mark).setRcvlowat(sk.rcvlowat).setRcvtimeo(sk.rcvtimeo)
                .setSndtimeo(sk.sndtimeo).build();
    }

    /** netlink_release: the sock, every skb still queued and its dump go (before the queue is purged). */
    void sockGone(NetlinkSock sk) {
        if (!changes.recording()) {
            return;
        }
        for (long seq : sk.queueSeqs) {
            changes.delete(skbKey(sk.netns, sk.id, seq), sk.netns);
        }
        if (sk.cb != null) {
            dumpGone(sk, sk.cb);
        }
        changes.delete(sockKey(sk.netns, sk.id), sk.netns);
    }

    void skb(NetlinkSock sk, long seq, Skb skb) {
        if (changes.recording() && !sk.dead) {
            changes.put(skbKey(sk.netns, sk.id, seq), sk.netns, NetlinkSkbState.newBuilder().setSock(sk.id)
                    .setSeq(seq).setData(ByteString.copyFrom(skb.data())).setPortid(skb.portid())
                    .setDstGroup(skb.dstGroup()).setTruesize(skb.truesize()).build());
        }
    }

    void skbGone(NetlinkSock sk, long seq) {
        skbGone(sk.netns, sk.id, seq);
    }

    void skbGone(long netns, long sock, long seq) {
        changes.delete(skbKey(netns, sock, seq), netns);
    }

    void chunkGone(long netns, long sock, int chunk) {
        changes.delete(chunkKey(netns, sock, chunk), netns);
    }

    void dumpGone(long netns, long sock) {
        changes.delete(dumpKey(netns, sock), netns);
    }

    /** The dumpits answered: the dump's messages, in chunks, then its header. */
    void dumpFilled(NetlinkSock sk, NetlinkCallback cb) {
        if (!changes.recording()) {
            return;
        }
        List<Long> starts = new ArrayList<>();
        NetlinkDumpChunkState.Builder chunk = null;
        long index = cb.consumed;
        int bytes = 0;
        for (Iterator<byte[]> it = cb.messages.iterator(); it.hasNext(); index++) {
            byte[] m = it.next();
            if (chunk != null && bytes + m.length > DUMP_CHUNK_BYTES) {
                putChunk(sk, chunk.build());
                chunk = null;
            }
            if (chunk == null) {
                chunk = NetlinkDumpChunkState.newBuilder().setSock(sk.id).setChunk(starts.size()).setFirst(index);
                starts.add(index);
                bytes = 0;
            }
            chunk.addMessages(ByteString.copyFrom(m));
            bytes += m.length;
        }
        if (chunk != null) {
            putChunk(sk, chunk.build());
        }
        cb.chunkStarts = starts.stream().mapToLong(Long::longValue).toArray();
        cb.chunksGone = 0;
        dumpHeader(sk, cb);
    }

    private void putChunk(NetlinkSock sk, NetlinkDumpChunkState c) {
        changes.put(chunkKey(sk.netns, sk.id, c.getChunk()), sk.netns, c);
    }

    private void dumpHeader(NetlinkSock sk, NetlinkCallback cb) {
        changes.put(dumpKey(sk.netns, sk.id), sk.netns, NetlinkDumpState.newBuilder().setSock(sk.id).setSeq(cb.seq)
                .setPortid(cb.portid).setErrno(cb.errno.getNumber()).setAnswerFlags(cb.answerFlags)
                .setConsumed(cb.consumed).setChunks(cb.chunkStarts.length).setExtack(cb.extack == null ? "" : cb.extack).build());
    }

    /** After a netlink_dump: how far it went, the chunks it used up; everything once it ended. */
    void dump(NetlinkSock sk, NetlinkCallback cb) {
        if (!changes.recording()) {
            return;
        }
        if (sk.cb != cb) {
            dumpGone(sk, cb);
            return;
        }
        while (cb.chunksGone + 1 < cb.chunkStarts.length && cb.chunkStarts[cb.chunksGone + 1] <= cb.consumed) {
            changes.delete(chunkKey(sk.netns, sk.id, cb.chunksGone++), sk.netns);
        }
        dumpHeader(sk, cb);
    }

    private void dumpGone(NetlinkSock sk, NetlinkCallback cb) {
        for (int c = cb.chunksGone; c < cb.chunkStarts.length; c++) {
            changes.delete(chunkKey(sk.netns, sk.id, c), sk.netns);
        }
        cb.chunksGone = cb.chunkStarts.length;
        changes.delete(dumpKey(sk.netns, sk.id), sk.netns);
    }

    void ids(long sockCeiling) {
        changes.put("nlids", 0, NetlinkIds.newBuilder().setSockCeiling(sockCeiling).build());
    }

    void identity(String id) {
        changes.put("nlidentity", 0, NetlinkIdentity.newBuilder().setId(id).build());
    }

    void mcPositions(Map<Long, Long> positions) {
        if (!changes.recording()) {
            return;
        }
        for (Map.Entry<Long, Long> e : positions.entrySet()) {
            int protocol = (int) (e.getKey() >>> 32);
            int partition = (int) (long) e.getKey();
            changes.put("nlmc/" + protocol + "/" + partition, 0, NetlinkMulticastPosition.newBuilder()
                    .setProtocol(protocol).setPartition(partition).setNextOffset(e.getValue()).build());
        }
    }

    void rtnl(String instanceId, String address, List<RtnlHandlerTable.Spec> specs) {
        if (!changes.recording()) {
            return;
        }
        NetlinkRtnlRegistration.Builder b = NetlinkRtnlRegistration.newBuilder().setInstanceId(instanceId)
                .setAddress(address);
        for (RtnlHandlerTable.Spec s : specs) {
            b.addRows(NetlinkRtnlRow.newBuilder().setProtocol(s.protocol()).setMsgtype(s.msgtype()).setDoit(s.doit())
                    .setDumpit(s.dumpit()));
        }
        changes.put("rtnl/" + instanceId, 0, b.build());
    }

    void rtnlGone(String instanceId) {
        changes.delete("rtnl/" + instanceId, 0);
    }

    void diag(int family, String instanceId, String address) {
        if (changes.recording()) {
            changes.put("diag/" + family, 0, NetlinkSockDiagRegistration.newBuilder().setFamily(family)
                    .setInstanceId(instanceId).setAddress(address).build());
        }
    }

    void diagGone(int family) {
        changes.delete("diag/" + family, 0);
    }
}
