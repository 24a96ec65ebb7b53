package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.SockCommon;
import vkernel.state.v1.InetBindBucketRecord;
import vkernel.state.v1.InetRequestRecord;
import vkernel.state.v1.InetTimewaitRecord;

/**
 * TCP's tables of a namespace (inet_hashinfo) on the state topic: TIME_WAIT socks
 * (tw/…), request socks (req/…) and the bind buckets' fast-path fields (tcpbind/…) are
 * recorded; the bind, established and listening hashes themselves are rebuilt from the
 * socks at restore, each sock where its state puts it.
 */
public final class TcpTablesState {
    private TcpTablesState() {}

    private static String tuple(SockCommon s) {
        return Addr.format(s.skcRcvSaddr(), s.skcNum()) + "/" + Addr.format(s.skcDaddr(), s.skcDport());
    }

    public static String twKey(long netns, SockCommon s) {
        return "tw/" + netns + "/" + tuple(s);
    }

    public static String reqKey(long netns, SockCommon s) {
        return "req/" + netns + "/" + tuple(s);
    }

    public static String bucketKey(long netns, int port) {
        return "tcpbind/" + netns + "/" + port;
    }

    /** A TIME_WAIT or request sock came, went or changed: its 4-tuple's record follows the established hash. */
    static void changed(Net net, SockCommon s) {
        if (!net.journal().recording()) {
            return;
        }
        InetHashinfo.FourTuple t = InetHashinfo.tuple(s);
        if (s instanceof InetTimewaitSock) {
            net.journal().key(twKey(net.id, s),
                    () -> net.tcpHashinfo().ehash.get(t) instanceof InetTimewaitSock tw ? record(tw) : null);
        } else if (s instanceof RequestSock) {
            net.journal().key(reqKey(net.id, s),
                    () -> net.tcpHashinfo().ehash.get(t) instanceof RequestSock r ? record(r) : null);
        }
    }

    static void bucketChanged(Net net, int port) {
        if (net.journal().recording()) {
            net.journal().key(bucketKey(net.id, port), () -> {
                InetBindBucket tb = net.tcpHashinfo().bucket(port);
                return tb == null ? null : InetBindBucketRecord.newBuilder().setPort(port).setFastreuse(tb.fastreuse)
                        .setFastreuseport(tb.fastreuseport).setFastuid(tb.fastuid).setFastRcvSaddr(tb.fastRcvSaddr).build();
            });
        }
    }

    private static InetTimewaitRecord record(InetTimewaitSock tw) {
        return InetTimewaitRecord.newBuilder().setRcvSaddr(tw.rcvSaddr).setNum(tw.num).setDaddr(tw.daddr)
                .setDport(tw.dport).setReuse(tw.reuse).setReuseport(tw.reuseport).setUid(tw.uid)
                .setBoundDevIf(tw.boundDevIf).setSubstate(tw.substate).setDeadlineMs(Net.deadline(tw.timer)).build();
    }

    private static InetRequestRecord record(RequestSock r) {
        return InetRequestRecord.newBuilder().setListener(r.listener.id).setLocalAddr(r.localAddr)
                .setLocalPort(r.localPort).setRemoteAddr(r.remoteAddr).setRemotePort(r.remotePort)
                .setPeerMss(r.peerMss).setPeerWindow(r.peerWindow).build();
    }

    /** What a restore recorded of a namespace's TCP tables, besides its socks. */
    public record Recorded(List<InetTimewaitRecord> timewait, List<InetRequestRecord> requests,
            Map<Integer, InetBindBucketRecord> buckets, Map<Long, Long> parents) {}

    /**
     * Rebuilds the namespace's TCP tables from its socks (in id order: an accept queue's
     * order, since a child's id is taken as it is queued) and the records;
     * returns the children whose listener is gone, to abort once everything is in place.
     * What no live object needs any more is handed to drop (its key).
     */
    public static List<TcpSock> rebuild(Net net, List<TcpSock> socks, Recorded rec, Consumer<String> drop) {
        InetHashinfo h = net.tcpHashinfo();
        Map<Long, TcpSock> byId = new HashMap<>();
        for (TcpSock sk : socks) {
            byId.put(sk.id, sk);
        }
        for (TcpSock sk : socks) {
            if (sk.inetNum != 0) {
                InetBindBucket tb = bucket(h, sk.inetNum, rec.buckets());
                if (tb == null) {
                    tb = h.createBucket(sk.inetNum);
                    InetConnectionSock.updateFastreuse(tb, sk); // no record: as if bound now
                }
                h.bindHash(sk, tb, sk.inetNum);
            }
            if (sk.state == TCP_LISTEN) {
                h.listenHash(sk);
            } else if (sk.state != TCP_CLOSE) {
                h.ehashAdd(sk);
            }
        }
        List<TcpSock> orphans = new ArrayList<>();
        for (TcpSock sk : socks) {
            Long parent = rec.parents().get(sk.id); // the child's record names its listener
            if (parent == null) {
                continue;
            }
            TcpSock l = byId.get(parent);
            if (l != null && l.state == TCP_LISTEN) {
                TcpState.enqueueChild(l, sk);
            } else {
                orphans.add(sk);
            }
        }
        for (InetTimewaitRecord r : rec.timewait()) {
            InetTimewaitSock tw = new InetTimewaitSock(net, r.getRcvSaddr(), r.getNum(), r.getDaddr(), r.getDport(),
                    r.getReuse(), r.getReuseport(), (int) r.getUid(), r.getBoundDevIf(), r.getSubstate());
            if (h.ehash.containsKey(InetHashinfo.tuple(tw))) {
                drop.accept(twKey(net.id, tw)); // a sock holds the 4-tuple again
                continue;
            }
            InetBindBucket tb = bucket(h, tw.num, rec.buckets());
            h.twBindBucket(tw, tb != null ? tb : h.createBucket(tw.num));
            h.ehashAdd(tw);
            long deadline = r.getDeadlineMs();
            TcpMinisocks.schedule(tw, deadline == 0 ? TcpMinisocks.TIMEWAIT_LEN_MILLIS : net.millisUntil(deadline));
        }
        for (InetRequestRecord r : rec.requests()) {
            TcpSock l = byId.get(r.getListener());
            RequestSock req = l == null ? null : new RequestSock(l, r.getLocalAddr(), r.getLocalPort(), r.getRemoteAddr(),
                    r.getRemotePort(), r.getPeerMss(), r.getPeerWindow());
            if (req == null || l.state != TCP_LISTEN || h.ehash.containsKey(InetHashinfo.tuple(req))) {
                drop.accept("req/" + net.id + "/" + Addr.format(r.getLocalAddr(), r.getLocalPort()) + "/"
                        + Addr.format(r.getRemoteAddr(), r.getRemotePort()));
                continue;
            }
            h.ehashAdd(req);
        }
        for (InetBindBucketRecord b : rec.buckets().values()) {
            if (h.bucket(b.getPort()) == null) {
                drop.accept(bucketKey(net.id, b.getPort())); // no owner came back
            }
        }
        return orphans;
    }

    private static InetBindBucket bucket(InetHashinfo h, int port, Map<Integer, InetBindBucketRecord> records) {
        InetBindBucket tb = h.bucket(port);
        if (tb != null) {
            return tb;
        }
        InetBindBucketRecord r = records.get(port);
        if (r == null) {
            return null;
        }
        tb = h.createBucket(port);
        tb.fastreuse = r.getFastreuse();
        tb.fastreuseport = r.getFastreuseport();
        tb.fastuid = (int) r.getFastuid();
        tb.fastRcvSaddr = r.getFastRcvSaddr();
        return tb;
    }
}
