package vkernel.inet.core.udp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Addr;
import vkernel.inet.core.Net;
import vkernel.inet.core.tcp.InetConnectionSock;
import vkernel.inet.core.tcp.TcpStates;

/**
 * struct udp_table (net/ipv4/udp.c) of one protocol (UDP, or UDP-Lite's own): socks by
 * local port, with udp_lib_get_port's conflict rule (SO_REUSEADDR on both, or
 * SO_REUSEPORT with the same owner) and __udp4_lib_lookup's scoring (exact address
 * before wildcard, connected before unconnected, most recently hashed first on a tie).
 */
public final class UdpTable {
    private final Net net;
    final int protocol;
    /** hslot: socks by port, newest first. */
    private final Map<Integer, List<UdpSock>> hslot = new HashMap<>();
    private long seq;

    public UdpTable(Net net, int protocol) {
        this.net = net;
        this.protocol = protocol;
    }

    public boolean isEmpty() {
        return hslot.isEmpty();
    }

    /** Every hashed sock, slot by slot (ports ascending), each slot newest first: udp_diag's walk. */
    List<UdpSock> slotOrder() {
        List<UdpSock> all = new java.util.ArrayList<>();
        hslot.keySet().stream().sorted().forEach(p -> all.addAll(hslot.get(p)));
        return all;
    }

    List<UdpSock> port(int port) {
        return hslot.getOrDefault(port, List.of());
    }

    /** udp_lib_lport_inuse for one candidate sock: would sk2 keep sk off the port? */
    private static boolean conflicts(UdpSock sk, UdpSock sk2) {
        return sk2 != sk && (!sk2.reuse || !sk.reuse)
                && (sk2.boundDevIf == 0 || sk.boundDevIf == 0 || sk2.boundDevIf == sk.boundDevIf)
                && InetConnectionSock.rcvSaddrEqual(sk.inetRcvSaddr, sk2.inetRcvSaddr, true, true);
    }

    private static boolean reuseportShares(UdpSock sk, UdpSock sk2) {
        return sk2.reuseport && sk.reuseport && sk.uid == sk2.uid;
    }

    /** udp_lib_lport_inuse: the first sock in the way decides, an SO_REUSEPORT partner admits. */
    private boolean inuse(UdpSock sk, int snum) {
        for (UdpSock sk2 : port(snum)) {
            if (conflicts(sk, sk2)) {
                return !reuseportShares(sk, sk2);
            }
        }
        return false;
    }

    /** udp_lib_get_port: EADDRINUSE when the port is taken; snum 0 picks a free one in the local range. */
    Errno getPort(UdpSock sk, int snum) {
        if (snum == 0) {
            int[] range = net.localPortRange(sk);
            int remaining = range[1] - range[0] + 1;
            int first = net.random(0, remaining - 1);
            snum = -1;
            for (int i = 0; i < remaining; i++) {
                int p = range[0] + (first + i) % remaining;
                boolean taken = false;
                for (UdpSock sk2 : port(p)) {
                    if (conflicts(sk, sk2) && !reuseportShares(sk, sk2)) {
                        taken = true;
                        break;
                    }
                }
                if (!taken) {
                    snum = p;
                    break;
                }
            }
            if (snum < 0) {
                return Errno.ERRNO_EADDRINUSE;
            }
        } else if (inuse(sk, snum)) {
            return Errno.ERRNO_EADDRINUSE;
        }
        sk.inetNum = snum;
        if (!sk.hashed) {
            hslot.computeIfAbsent(snum, p -> new ArrayList<>()).add(0, sk);
            sk.hashed = true;
            sk.hashSeq = ++seq;
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** A restored sock back in its chain, newest first (restores come oldest first); seq goes on past it. */
    void restore(UdpSock sk) {
        hslot.computeIfAbsent(sk.inetNum, p -> new ArrayList<>()).add(0, sk);
        seq = Math.max(seq, sk.hashSeq);
    }

    /** udp_lib_unhash. */
    void unhash(UdpSock sk) {
        if (!sk.hashed) {
            return;
        }
        List<UdpSock> l = hslot.get(sk.inetNum);
        if (l != null && l.remove(sk) && l.isEmpty()) {
            hslot.remove(sk.inetNum);
        }
        sk.hashed = false;
        sk.inetNum = 0;
    }

    /** udp_lib_rehash: a new local address moves the sock to the head of its secondary chain. */
    void rehash(UdpSock sk) {
        if (sk.hashed) {
            sk.hashSeq = ++seq;
        }
    }

    /** compute_score. */
    private static int score(UdpSock sk, int saddr, int sport, int daddr) {
        if (sk.inetRcvSaddr != daddr) {
            return -1;
        }
        int score = 2;
        if (sk.inetDaddr != 0) {
            if (sk.inetDaddr != saddr) {
                return -1;
            }
            score += 4;
        }
        if (sk.inetDport != 0) {
            if (sk.inetDport != sport) {
                return -1;
            }
            score += 4;
        }
        if (sk.boundDevIf != 0) {
            score += 4;
        }
        return score;
    }

    /** __udp4_lib_lookup: the one sock a unicast datagram from (saddr, sport) to (daddr, dport) goes to. */
    UdpSock lookup(int saddr, int sport, int daddr, int dport) {
        for (int addr : new int[] {daddr, Addr.INADDR_ANY}) {
            UdpSock best = null;
            int badness = 0;
            for (UdpSock sk : port(dport)) {
                int s = score(sk, saddr, sport, addr);
                if (s > badness || (s == badness && s > 0 && sk.hashSeq > best.hashSeq)) {
                    best = sk;
                    badness = s;
                }
            }
            if (best != null) {
                return reuseportSelect(best, saddr, sport, addr, dport);
            }
            if (daddr == Addr.INADDR_ANY) {
                break;
            }
        }
        return null;
    }

    /** reuseport_select_sock: an unconnected SO_REUSEPORT group shares the traffic by flow hash. */
    private UdpSock reuseportSelect(UdpSock best, int saddr, int sport, int daddr, int dport) {
        if (!best.reuseport || best.state == TcpStates.TCP_ESTABLISHED) {
            return best;
        }
        List<UdpSock> group = new ArrayList<>();
        for (UdpSock sk : port(dport)) {
            if (sk.reuseport && sk.uid == best.uid && sk.inetRcvSaddr == daddr && sk.state != TcpStates.TCP_ESTABLISHED) {
                group.add(0, sk);
            }
        }
        if (group.size() <= 1) {
            return best;
        }
        int h = (saddr * 31 + sport) * 31 + dport;
        return group.get(Math.floorMod(h, group.size()));
    }

    /** __udp_is_mcast_sock over the port: every sock a broadcast to (daddr, dport) reaches. */
    List<UdpSock> mcastSocks(int saddr, int sport, int daddr, int dport) {
        List<UdpSock> out = new ArrayList<>();
        for (UdpSock sk : port(dport)) {
            if ((sk.inetDaddr != 0 && sk.inetDaddr != saddr) || (sk.inetDport != 0 && sk.inetDport != sport)
                    || (sk.inetRcvSaddr != 0 && sk.inetRcvSaddr != daddr)) {
                continue;
            }
            out.add(sk);
        }
        return out;
    }
}
