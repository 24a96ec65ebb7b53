package vkernel.inet.core.raw;

import java.util.ArrayList;
import java.util.List;

/** struct raw_hashinfo (include/net/raw.h): the raw socks of a namespace, newest first. */
public final class RawHashinfo {
    final List<RawSock> socks = new ArrayList<>();

    void hash(RawSock sk) {
        if (!sk.hashed) {
            socks.add(0, sk);
            sk.hashed = true;
        }
    }

    void unhash(RawSock sk) {
        socks.remove(sk);
        sk.hashed = false;
    }

    public boolean isEmpty() {
        return socks.isEmpty();
    }
}
