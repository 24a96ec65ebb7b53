package vkernel.socket.core;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Socket;

/**
 * net_families[NPROTO] (net/socket.c): which service implements each protocol family.
 * sock_register refuses a family another live instance holds (EEXIST); registrations
 * are leases, so a family whose service died is no longer found, as a module that is
 * not loaded. Time is passed in, so the rules are tested without waiting.
 */
public final class NetFamilies {
    public record Registration(int family, String address, String instanceId, long expiresAtMillis) {}

    private final long leaseMillis;
    private final Registration[] families = new Registration[Socket.AF_MAX];

    public NetFamilies(long leaseMillis) {
        this.leaseMillis = leaseMillis;
    }

    public long leaseMillis() {
        return leaseMillis;
    }

    /** sock_register, or its renewal by the same instance. */
    public synchronized Errno register(int family, String address, String instanceId, long now) {
        if (family < 0 || family >= Socket.AF_MAX) {
            return Errno.ERRNO_ENOBUFS; // sock_register: ops->family >= NPROTO
        }
        Registration cur = families[family];
        if (cur != null && !cur.instanceId().equals(instanceId) && cur.expiresAtMillis() > now) {
            return Errno.ERRNO_EEXIST;
        }
        families[family] = new Registration(family, address, instanceId, now + leaseMillis);
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** sock_unregister, only by the instance that holds it. */
    public synchronized void unregister(int family, String instanceId) {
        if (family >= 0 && family < Socket.AF_MAX && families[family] != null
                && families[family].instanceId().equals(instanceId)) {
            families[family] = null;
        }
    }

    /** rcu_dereference(net_families[family]): null if none is registered or its lease lapsed. */
    public synchronized Registration lookup(int family, long now) {
        if (family < 0 || family >= Socket.AF_MAX) {
            return null;
        }
        Registration r = families[family];
        return r != null && r.expiresAtMillis() > now ? r : null;
    }

    /** Forgets a family whose service no longer answers (it died before its lease ran out). */
    public synchronized void drop(int family, String instanceId) {
        unregister(family, instanceId);
    }

    public synchronized List<Registration> live(long now) {
        List<Registration> out = new ArrayList<>();
        for (Registration r : families) {
            if (r != null && r.expiresAtMillis() > now) {
                out.add(r);
            }
        }
        return out;
    }
}
