package vkernel.socket.core;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.kernel.lease.LeaseTable;
import vkernel.uapi.Socket;

/**
 * net_families[NPROTO] (net/socket.c): which service implements each protocol family.
 * sock_register refuses a family another live instance holds (EEXIST) and a family out
 * of range (ENOBUFS); registrations are leases ({@link LeaseTable}), so a family whose
 * service died is no longer found, as a module that is not loaded. Time is passed in,
 * so the rules are tested without waiting. A new registration and its end are recorded
 * (renewals are not: a restored registration gets a lease of its own, see {@link #restore}).
 */
public final class NetFamilies {
    public record Registration(int family, String address, String instanceId, long expiresAtMillis) {}

    private final LeaseTable<Integer, String> families;
    private final SocketJournal journal;

    public NetFamilies(long leaseMillis) {
        this(leaseMillis, new SocketJournal(vkernel.kernel.state.StateChanges.DISCARD));
    }

    NetFamilies(long leaseMillis, SocketJournal journal) {
        this.families = new LeaseTable<>(leaseMillis);
        this.journal = journal;
    }

    public long leaseMillis() {
        return families.leaseMillis();
    }

    /** sock_register, or its renewal by the same instance. Follows net/socket.c:sock_register. */
    public synchronized Errno register(int family, String address, String instanceId, long now) {
        if (family < 0 || family >= Socket.AF_MAX) {
            return Errno.ERRNO_ENOBUFS; // sock_register: ops->family >= NPROTO
        }
        LeaseTable.Lease<Integer, String> before = families.lastKnown(family);
        Errno e = families.register(family, address, instanceId, now);
        if (e == Errno.ERRNO_UNSPECIFIED && (before == null || !before.instanceId().equals(instanceId)
                || !before.value().equals(address))) {
            journal.family(family, address, instanceId);
        }
        return e;
    }

    /**
     * A registration read back from the state topic: live for one lease from now, so a
     * family that is still up keeps it by its next renewal (the same instance renews)
     * and one that died meanwhile lapses as it would have.
     */
    synchronized void restore(int family, String address, String instanceId, long now) {
        families.register(family, address, instanceId, now);
    }

    /** Whether a register by instanceId now would renew the live registration it holds (not a new one). */
    public boolean isRenewal(int family, String instanceId, long now) {
        Registration r = lookup(family, now);
        return r != null && r.instanceId().equals(instanceId);
    }

    /**
     * sock_unregister, only by the instance that holds it: socket() of the family is
     * EAFNOSUPPORT from now on, but the sockets it made keep its last registration, since a
     * family that keeps its state comes back under the same identity (a graceful restart, a
     * replaced container). Follows net/socket.c:sock_unregister.
     */
    public synchronized void unregister(int family, String instanceId) {
        if (family >= 0 && family < Socket.AF_MAX) {
            LeaseTable.Lease<Integer, String> cur = families.lastKnown(family);
            if (cur != null && cur.instanceId().equals(instanceId)) {
                families.lapse(family, instanceId);
                journal.familyGone(family);
            }
        }
    }

    /** rcu_dereference(net_families[family]): null if none is registered or its lease lapsed. */
    public Registration lookup(int family, long now) {
        if (family < 0 || family >= Socket.AF_MAX) {
            return null;
        }
        return of(families.lookup(family, now));
    }

    /**
     * The family's last registration even if its lease lapsed (its service is restarting,
     * or gone): existing sockets keep asking it until it is dropped or replaced.
     */
    public Registration lastKnown(int family) {
        if (family < 0 || family >= Socket.AF_MAX) {
            return null;
        }
        return of(families.lastKnown(family));
    }

    /** Forgets a family whose service no longer answers: its sockets answer EIO from now on. */
    public synchronized void drop(int family, String instanceId) {
        if (family >= 0 && family < Socket.AF_MAX) {
            LeaseTable.Lease<Integer, String> cur = families.lastKnown(family);
            if (cur != null && cur.instanceId().equals(instanceId)) {
                families.unregister(family, instanceId);
                journal.familyGone(family);
            }
        }
    }

    /** The live registrations, by family. */
    public List<Registration> live(long now) {
        List<Registration> out = new ArrayList<>();
        for (LeaseTable.Lease<Integer, String> l : families.live(now)) {
            out.add(of(l));
        }
        out.sort((a, b) -> Integer.compare(a.family(), b.family()));
        return out;
    }

    private static Registration of(LeaseTable.Lease<Integer, String> l) {
        return l == null ? null : new Registration(l.key(), l.value(), l.instanceId(), l.expiresAtMillis());
    }
}
