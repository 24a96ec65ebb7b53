package vkernel.inet.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handles this family gave socket-service: sock id → sock, from inet_create (or
 * accept) until release. Socks without a handle (children in an accept queue, orphans
 * finishing their close) live only in their namespace's tables.
 */
public final class SockTable {
    private final Map<Long, InetSock> socks = new ConcurrentHashMap<>();

    void add(InetSock sk) {
        socks.put(sk.id, sk);
    }

    InetSock get(long id) {
        return socks.get(id);
    }

    InetSock remove(long id) {
        return socks.remove(id);
    }

    /** Drops every handle of a namespace (its exit). */
    void removeNetns(long netns) {
        socks.values().removeIf(sk -> sk.netns == netns);
    }

    int size() {
        return socks.size();
    }

    /** Every handle and the sockfs inode its sock was made on. */
    java.util.List<long[]> handles() {
        java.util.List<long[]> out = new java.util.ArrayList<>(socks.size());
        socks.values().forEach(sk -> out.add(new long[] {sk.id, sk.ino}));
        return out;
    }

    int count(long netns) {
        return (int) socks.values().stream().filter(sk -> sk.netns == netns).count();
    }
}
