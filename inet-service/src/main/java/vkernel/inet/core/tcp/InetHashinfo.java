package vkernel.inet.core.tcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.SockCommon;

/**
 * struct inet_hashinfo (net/ipv4/inet_hashtables.c) of a namespace's TCP: the bind hash
 * (port → bucket of owners), the established hash (4-tuple → full, request or TIME_WAIT
 * sock) and the listening hash (port → listeners).
 */
public final class InetHashinfo {
    /** The local and remote ends of a connection. */
    record FourTuple(int laddr, int lport, int raddr, int rport) {}

    private final Net net;
    final Map<Integer, InetBindBucket> bhash = new HashMap<>();
    final Map<FourTuple, SockCommon> ehash = new HashMap<>();
    final Map<Integer, List<TcpSock>> lhash = new HashMap<>();
    /** icsk_bind_hash (and a TIME_WAIT sock's tw_tb): the bucket each owner is in. */
    private final Map<SockCommon, InetBindBucket> bindBuckets = new java.util.IdentityHashMap<>();

    public InetHashinfo(Net net) {
        this.net = net;
    }

    public boolean isEmpty() {
        return bhash.isEmpty() && ehash.isEmpty() && lhash.isEmpty();
    }

    InetBindBucket bucket(int port) {
        return bhash.get(port);
    }

    InetBindBucket createBucket(int port) {
        return bhash.computeIfAbsent(port, InetBindBucket::new);
    }

    /** inet_bind_hash: the sock now owns the port. */
    void bindHash(TcpSock sk, InetBindBucket tb, int port) {
        TcpTablesState.bucketChanged(net, port);
        sk.inetNum = port;
        tb.owners.add(0, sk);
        bindBuckets.put(sk, tb);
    }

    InetBindBucket bindBucketOf(SockCommon sk) {
        return bindBuckets.get(sk);
    }

    /** __inet_put_port: the sock gives the port up (inet_num 0, inet_sport kept), the bucket goes when empty. */
    void putPort(TcpSock sk) {
        InetBindBucket tb = bindBuckets.remove(sk);
        if (tb == null) {
            return;
        }
        TcpTablesState.bucketChanged(net, tb.port);
        sk.inetNum = 0;
        tb.owners.remove(sk);
        destroyIfEmpty(tb);
    }

    private void destroyIfEmpty(InetBindBucket tb) {
        if (tb.owners.isEmpty()) {
            bhash.remove(tb.port, tb);
        }
    }

    /** The TIME_WAIT sock takes over the port from the sock (inet_twsk_hashdance_schedule). */
    void twBind(InetTimewaitSock tw, TcpSock sk) {
        InetBindBucket tb = bindBuckets.get(sk);
        if (tb == null) {
            return;
        }
        twBindBucket(tw, tb);
    }

    /** The TIME_WAIT sock owns the bucket's port (a restore binds it directly). */
    void twBindBucket(InetTimewaitSock tw, InetBindBucket tb) {
        TcpTablesState.bucketChanged(net, tb.port);
        tw.bucket = tb;
        tb.owners.add(0, tw);
        bindBuckets.put(tw, tb);
    }

    void twUnbind(InetTimewaitSock tw) {
        InetBindBucket tb = bindBuckets.remove(tw);
        if (tb != null) {
            TcpTablesState.bucketChanged(net, tb.port);
            tb.owners.remove(tw);
            destroyIfEmpty(tb);
        }
        tw.bucket = null;
    }

    static FourTuple tuple(SockCommon sk) {
        return new FourTuple(sk.skcRcvSaddr(), sk.skcNum(), sk.skcDaddr(), sk.skcDport());
    }

    void ehashAdd(SockCommon sk) {
        ehash.put(tuple(sk), sk);
        TcpTablesState.changed(net, sk);
    }

    void ehashRemove(SockCommon sk) {
        if (ehash.remove(tuple(sk), sk)) {
            TcpTablesState.changed(net, sk);
        }
    }

    /** __inet_lookup_established: the sock of a segment from (saddr, sport) to (daddr, dport). */
    SockCommon lookupEstablished(int saddr, int sport, int daddr, int dport) {
        return ehash.get(new FourTuple(daddr, dport, saddr, sport));
    }

    void listenHash(TcpSock sk) {
        lhash.computeIfAbsent(sk.inetNum, p -> new ArrayList<>()).add(0, sk);
    }

    void listenUnhash(TcpSock sk) {
        List<TcpSock> l = lhash.get(sk.inetNum);
        if (l != null && l.remove(sk) && l.isEmpty()) {
            lhash.remove(sk.inetNum);
        }
    }

    /**
     * __inet_lookup_listener: an exact-address listener before a wildcard one; among
     * SO_REUSEPORT listeners of equal score, one chosen by the connection's hash.
     */
    TcpSock lookupListener(int saddr, int sport, int daddr, int dport) {
        List<TcpSock> l = lhash.get(dport);
        if (l == null) {
            return null;
        }
        for (int addr : new int[] {daddr, Addr.INADDR_ANY}) {
            List<TcpSock> best = new ArrayList<>();
            for (TcpSock sk : l) {
                if (sk.inetRcvSaddr == addr) {
                    best.add(sk);
                }
            }
            if (best.isEmpty()) {
                continue;
            }
            TcpSock first = best.get(0);
            if (!first.reuseport || best.size() == 1) {
                return first;
            }
            List<TcpSock> group = new ArrayList<>();
            for (TcpSock sk : best) {
                if (sk.reuseport && sk.uid == first.uid) {
                    group.add(sk);
                }
            }
            int h = (saddr * 31 + sport) * 31 + dport;
            return group.get(Math.floorMod(h, group.size()));
        }
        return null;
    }

    /**
     * __inet_hash_connect: a local port for connect() when the sock has none. Ports held
     * by bind() are skipped; a port made by connect() is shared while the 4-tuple differs.
     * EADDRNOTAVAIL when the range is used up.
     */
    boolean hashConnect(TcpSock sk) {
        if (sk.inetNum != 0) {
            InetBindBucket tb = bindBuckets.get(sk);
            FourTuple t = tuple(sk);
            if (tb != null && tb.owners.size() == 1 && tb.owners.get(0) == sk) {
                ehashAdd(sk);
                return true;
            }
            if (ehash.containsKey(t)) {
                return false;
            }
            ehashAdd(sk);
            return true;
        }
        int[] range = net.localPortRange(sk);
        int low = range[0];
        int high = range[1] + 1;
        int remaining = high - low;
        int offset = net.random(0, Math.max(0, remaining - 1)) & ~1; // connect() favours ports of low's parity
        for (int parity = 0; parity < 2; parity++) {
            for (int i = 0; i < remaining; i += 2) {
                int port = low + ((offset + parity + i) % remaining);
                InetBindBucket tb = bhash.get(port);
                if (tb != null) {
                    if (tb.fastreuse >= 0 || tb.fastreuseport >= 0) {
                        continue;
                    }
                    if (ehash.containsKey(new FourTuple(sk.inetRcvSaddr, port, sk.inetDaddr, sk.inetDport))) {
                        continue;
                    }
                } else {
                    tb = createBucket(port);
                    tb.fastreuse = -1;
                    tb.fastreuseport = -1;
                }
                bindHash(sk, tb, port);
                sk.inetSport = port;
                ehashAdd(sk);
                return true;
            }
        }
        return false;
    }
}
