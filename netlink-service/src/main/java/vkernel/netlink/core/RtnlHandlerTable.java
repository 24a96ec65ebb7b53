package vkernel.netlink.core;

import static vkernel.uapi.Rtnetlink.RTM_BASE;
import static vkernel.uapi.Rtnetlink.RTM_MAX;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Socket;

/**
 * rtnl_msg_handlers[family][type] (net/core/rtnetlink.c) and sock_diag_handlers[]
 * (net/core/sock_diag.c), filled by family services over gRPC instead of by modules.
 * rtnl_register_many registers all rows or none; a row another live instance holds is
 * refused with EEXIST. Rows are leases: one whose instance stopped renewing is gone, as
 * the handlers of an unloaded module are. Time is passed in, so tests need no clock.
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

    private final long leaseMillis;
    private final Map<Long, Row> rows = new HashMap<>();
    private final Map<Integer, DiagRow> diag = new HashMap<>();

    public RtnlHandlerTable(long leaseMillis) {
        this.leaseMillis = leaseMillis;
    }

    public long leaseMillis() {
        return leaseMillis;
    }

    private static long key(int protocol, int msgtype) {
        return ((long) protocol << 32) | (msgtype & 0xffffffffL);
    }

    /**
     * rtnl_register_many: every row or none. A renewal by the same instance replaces the
     * rows it held. EINVAL for a row out of range or with neither doit nor dumpit.
     */
    public synchronized Errno register(List<Spec> specs, String address, String instanceId, long now) {
        if (address == null || address.isEmpty() || instanceId == null || instanceId.isEmpty()) {
            return Errno.ERRNO_EINVAL;
        }
        for (Spec s : specs) {
            if (s.protocol() < 0 || s.protocol() > RTNL_FAMILY_MAX || s.msgtype() < RTM_BASE
                    || s.msgtype() > RTM_MAX || !(s.doit() || s.dumpit())) {
                return Errno.ERRNO_EINVAL;
            }
            Row cur = rows.get(key(s.protocol(), s.msgtype()));
            if (cur != null && !cur.instanceId().equals(instanceId) && cur.expiresAt() > now) {
                return Errno.ERRNO_EEXIST;
            }
        }
        rows.values().removeIf(r -> r.instanceId().equals(instanceId));
        for (Spec s : specs) {
            rows.put(key(s.protocol(), s.msgtype()), new Row(s.protocol(), s.msgtype(), s.doit(), s.dumpit(), address,
                    instanceId, now + leaseMillis));
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** sock_diag_register, or its renewal. */
    public synchronized Errno sockDiagRegister(int family, String address, String instanceId, long now) {
        if (family < 0 || family >= Socket.AF_MAX || address == null || address.isEmpty()) {
            return Errno.ERRNO_EINVAL;
        }
        DiagRow cur = diag.get(family);
        if (cur != null && !cur.instanceId().equals(instanceId) && cur.expiresAt() > now) {
            return Errno.ERRNO_EEXIST;
        }
        diag.put(family, new DiagRow(family, address, instanceId, now + leaseMillis));
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** rtnl_unregister_all and sock_diag_unregister of everything an instance holds. */
    public synchronized void unregister(String instanceId) {
        rows.values().removeIf(r -> r.instanceId().equals(instanceId));
        diag.values().removeIf(r -> r.instanceId().equals(instanceId));
    }

    /** rtnl_get_link: the live row of (protocol, msgtype), or null. */
    public synchronized Row lookup(int protocol, int msgtype, long now) {
        Row r = rows.get(key(protocol, msgtype));
        if (r != null && r.expiresAt() <= now) {
            rows.remove(key(protocol, msgtype));
            return null;
        }
        return r;
    }

    /** The rows rtnl_dump_all walks: every family after PF_UNSPEC with a dumpit, but PF_PACKET. */
    public synchronized List<Row> dumpAll(int msgtype, long now) {
        List<Row> out = new ArrayList<>();
        for (int family = 1; family <= RTNL_FAMILY_MAX; family++) {
            Row r = rows.get(key(family, msgtype));
            if (family != Socket.AF_PACKET && r != null && r.dumpit() && r.expiresAt() > now) {
                out.add(r);
            }
        }
        return out;
    }

    /** sock_diag_handlers[family], or null. */
    public synchronized DiagRow sockDiag(int family, long now) {
        DiagRow r = diag.get(family);
        return r != null && r.expiresAt() > now ? r : null;
    }

    public synchronized int size() {
        return rows.size() + diag.size();
    }

    public synchronized List<Row> rows() {
        return new ArrayList<>(rows.values());
    }
}
