package vkernel.netlink.core;

import static vkernel.uapi.Rtnetlink.RTM_BASE;
import static vkernel.uapi.Rtnetlink.RTM_MAX;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vkernel.errno.v1.Errno;
import vkernel.kernel.lease.LeaseTable;
import vkernel.kernel.state.StateChanges;
import vkernel.uapi.Socket;

/**
 * rtnl_msg_handlers[family][type] (net/core/rtnetlink.c) and sock_diag_handlers[]
 * (net/core/sock_diag.c), filled by family services over gRPC instead of by modules.
 * Both are {@link LeaseTable}s: rtnl_register_many registers all rows or none
 * ({@link LeaseTable#registerAll}); a row another live instance holds is refused with
 * EEXIST. A row whose instance stopped renewing is its service restarting: rtnetlink_rcv_msg
 * still finds it ({@link #lookupOrLapsed}) until the instance unregisters or cannot be
 * reached for good. Time is passed in, so tests need no clock.
 *
 * <p>A registration is recorded on the state topic when it is new or changed, not when
 * it is renewed; a restored layer gives each a fresh lease, so a family service that
 * is alive finds its rows in place (no EOPNOTSUPP while it re-registers) and one that
 * died loses them a lease later, as it would have.
 */
public final class RtnlHandlerTable {
    /** RTNL_FAMILY_MAX: families up to RTNL_FAMILY_IP6MR. */
    public static final int RTNL_FAMILY_MAX = 129;

    /** One registered row (struct rtnl_link), served by the service at address. */
    public record Row(int protocol, int msgtype, boolean doit, boolean dumpit, String address, String instanceId,
            long expiresAt) {}

    /** What a service asks to register. */
    public record Spec(int protocol, int msgtype, boolean doit, boolean dumpit) {}

    /** sock_diag_register's row: the SOCK_DIAG_BY_FAMILY handler of one family. */
    public record DiagRow(int family, String address, String instanceId, long expiresAt) {}

    /** rtnl_msg_handlers' index: [protocol][msgtype - RTM_BASE]. */
    private record Key(int protocol, int msgtype) {}

    /** What a row of rtnl_msg_handlers holds: the ops it has, and who serves them. */
    private record Link(boolean doit, boolean dumpit, String address) {}

    /** What the state topic holds of an instance's rtnl rows. */
    private record Recorded(String address, List<Spec> specs) {}

    private final LeaseTable<Key, Link> rows;
    private final LeaseTable<Integer, String> diag;
    private final NetlinkJournal journal;
    private final Map<String, Recorded> recorded = new HashMap<>();
    private final Map<Integer, DiagRow> recordedDiag = new HashMap<>();

    public RtnlHandlerTable(long leaseMillis) {
        this(leaseMillis, StateChanges.DISCARD);
    }

    public RtnlHandlerTable(long leaseMillis, StateChanges changes) {
        this.rows = new LeaseTable<>(leaseMillis);
        this.diag = new LeaseTable<>(leaseMillis);
        this.journal = new NetlinkJournal(changes);
    }

    public long leaseMillis() {
        return rows.leaseMillis();
    }

    /**
     * rtnl_register_many: every row or none. A renewal by the same instance replaces the
     * rows it held. EINVAL for a row out of range or with neither doit nor dumpit.
     */
    public synchronized Errno register(List<Spec> specs, String address, String instanceId, long now) {
        if (address == null || address.isEmpty() || instanceId == null || instanceId.isEmpty()) {
            return Errno.ERRNO_EINVAL;
        }
        Map<Key, Link> links = new LinkedHashMap<>();
        for (Spec s : specs) {
            if (s.protocol() < 0 || s.protocol() > RTNL_FAMILY_MAX || s.msgtype() < RTM_BASE
                    || s.msgtype() > RTM_MAX || !(s.doit() || s.dumpit())) {
                return Errno.ERRNO_EINVAL;
            }
            links.put(new Key(s.protocol(), s.msgtype()), new Link(s.doit(), s.dumpit(), address));
        }
        Errno e = rows.registerAll(links, instanceId, now);
        if (e == Errno.ERRNO_UNSPECIFIED) {
            recordRegistration(instanceId, new Recorded(address, List.copyOf(specs)));
        }
        return e;
    }

    /**
     * Writes a registration that is new or changed; an instance whose rows another took
     * over (its lease lapsed) holds nothing the state topic should bring back.
     */
    private void recordRegistration(String instanceId, Recorded r) {
        if (r.equals(recorded.get(instanceId))) {
            return; // a renewal
        }
        for (var it = recorded.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().equals(instanceId) && overlaps(e.getValue().specs(), r.specs())) {
                journal.rtnlGone(e.getKey());
                it.remove();
            }
        }
        recorded.put(instanceId, r);
        journal.rtnl(instanceId, r.address(), r.specs());
    }

    private static boolean overlaps(List<Spec> a, List<Spec> b) {
        for (Spec x : a) {
            for (Spec y : b) {
                if (x.protocol() == y.protocol() && x.msgtype() == y.msgtype()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** sock_diag_register, or its renewal. */
    public synchronized Errno sockDiagRegister(int family, String address, String instanceId, long now) {
        if (family < 0 || family >= Socket.AF_MAX || address == null || address.isEmpty()) {
            return Errno.ERRNO_EINVAL;
        }
        Errno e = diag.register(family, address, instanceId, now);
        DiagRow r = new DiagRow(family, address, instanceId, 0);
        if (e == Errno.ERRNO_UNSPECIFIED && !r.equals(recordedDiag.get(family))) {
            recordedDiag.put(family, r);
            journal.diag(family, instanceId, address);
        }
        return e;
    }

    /** rtnl_unregister_all and sock_diag_unregister of everything an instance holds. */
    public synchronized void unregister(String instanceId) {
        rows.unregisterAll(instanceId);
        diag.unregisterAll(instanceId);
        if (recorded.remove(instanceId) != null) {
            journal.rtnlGone(instanceId);
        }
        for (var it = recordedDiag.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (Objects.equals(e.getValue().instanceId(), instanceId)) {
                journal.diagGone(e.getKey());
                it.remove();
            }
        }
    }

    /**
     * A registration from the state topic, with a fresh lease from now. Restored newest
     * first: one whose rows a later registration holds is stale, and is dropped (false).
     */
    synchronized boolean restoreRtnl(List<Spec> specs, String address, String instanceId, long now) {
        Map<Key, Link> links = new LinkedHashMap<>();
        for (Spec s : specs) {
            links.put(new Key(s.protocol(), s.msgtype()), new Link(s.doit(), s.dumpit(), address));
        }
        if (rows.registerAll(links, instanceId, now) != Errno.ERRNO_UNSPECIFIED) {
            journal.rtnlGone(instanceId);
            return false;
        }
        recorded.put(instanceId, new Recorded(address, List.copyOf(specs)));
        return true;
    }

    synchronized void restoreDiag(int family, String address, String instanceId, long now) {
        diag.register(family, address, instanceId, now);
        recordedDiag.put(family, new DiagRow(family, address, instanceId, 0));
    }

    /** rtnl_get_link: the live row of (protocol, msgtype), or null. */
    public Row lookup(int protocol, int msgtype, long now) {
        LeaseTable.Lease<Key, Link> l = rows.lookup(new Key(protocol, msgtype), now);
        return l == null ? null : row(l);
    }

    /**
     * The row of (protocol, msgtype) even if its lease lapsed: a family service that stopped
     * renewing is restarting until it is unregistered, and its calls wait for it (Linux's
     * handlers never go while the kernel runs).
     */
    public Row lookupOrLapsed(int protocol, int msgtype) {
        LeaseTable.Lease<Key, Link> l = rows.lastKnown(new Key(protocol, msgtype));
        return l == null ? null : row(l);
    }

    /** The rows rtnl_dump_all walks: every family after PF_UNSPEC with a dumpit, but PF_PACKET. */
    public List<Row> dumpAll(int msgtype, long now) {
        List<Row> out = new ArrayList<>();
        for (int family = 1; family <= RTNL_FAMILY_MAX; family++) {
            Row r = family == Socket.AF_PACKET ? null : lookup(family, msgtype, now);
            if (r != null && r.dumpit()) {
                out.add(r);
            }
        }
        return out;
    }

    /** sock_diag_handlers[family], or null. */
    public DiagRow sockDiag(int family, long now) {
        LeaseTable.Lease<Integer, String> l = diag.lookup(family, now);
        return l == null ? null : new DiagRow(family, l.value(), l.instanceId(), l.expiresAtMillis());
    }

    /** Rows held in both tables, live or lapsed. */
    public int size() {
        return rows.size() + diag.size();
    }

    /** The live rows of rtnl_msg_handlers, in the order they were registered. */
    public List<Row> rows(long now) {
        return rows.live(now).stream().map(RtnlHandlerTable::row).toList();
    }

    private static Row row(LeaseTable.Lease<Key, Link> l) {
        return new Row(l.key().protocol(), l.key().msgtype(), l.value().doit(), l.value().dumpit(),
                l.value().address(), l.instanceId(), l.expiresAtMillis());
    }
}
