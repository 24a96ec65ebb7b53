package vkernel.inet.core.tcp;

import java.util.ArrayList;
import java.util.List;
import vkernel.inet.core.SockCommon;

/**
 * struct inet_bind_bucket (include/net/inet_hashtables.h): one local TCP port and every
 * sock that holds it, TIME_WAIT socks included, with the fast-path summary of whether a
 * new owner can skip the conflict scan (fastreuse, fastreuseport).
 */
final class InetBindBucket {
    static final int FASTREUSEPORT_ANY = 1;
    static final int FASTREUSEPORT_STRICT = 2;

    final int port;
    /** 1: every owner has SO_REUSEADDR and is not listening; -1: made by connect(). */
    int fastreuse;
    int fastreuseport;
    int fastuid;
    int fastRcvSaddr;
    /** Owners, newest first (sk_add_bind_node adds at the head). */
    final List<SockCommon> owners = new ArrayList<>();

    InetBindBucket(int port) {
        this.port = port;
    }

    @Override
    public String toString() {
        return "tb[" + port + " owners=" + owners.size() + "]";
    }
}
