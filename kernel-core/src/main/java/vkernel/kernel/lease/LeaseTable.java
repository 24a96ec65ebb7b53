package vkernel.kernel.lease;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.errno.v1.Errno;

/**
 * A registry whose rows are leases: what a module's init registers in the kernel
 * (net_families[], file_systems, rtnl_msg_handlers[]), filled here by services that
 * must renew what they registered. A row another live instance holds is refused with
 * EEXIST, as sock_register and register_filesystem refuse a duplicate; a row whose
 * instance stopped renewing is gone, as the ops of an unloaded module are. Time is
 * passed in, so the rules are tested without a clock.
 *
 * @param <K> what a row is registered under (a family, a filesystem type ...)
 * @param <V> what the row says (the address of the service that implements it ...)
 */
public final class LeaseTable<K, V> {
    /** One registered row, held by instanceId until expiresAtMillis. */
    public record Lease<K, V>(K key, V value, String instanceId, long expiresAtMillis) {
        public boolean live(long now) {
            return expiresAtMillis > now;
        }
    }

    private final long leaseMillis;
    private final Map<K, Lease<K, V>> rows = new LinkedHashMap<>();

    public LeaseTable(long leaseMillis) {
        if (leaseMillis <= 0) {
            throw new IllegalArgumentException("lease must be positive: " + leaseMillis);
        }
        this.leaseMillis = leaseMillis;
    }

    /** How long a registration lives without renewal. */
    public long leaseMillis() {
        return leaseMillis;
    }

    /**
     * A registration restored from a layer's state: known (lastKnown finds it) but lapsed,
     * until its owner renews it, since its owner may have died meanwhile.
     */
    public synchronized void restoreLapsed(K key, V value, String instanceId) {
        rows.putIfAbsent(key, new Lease<>(key, value, instanceId, Long.MIN_VALUE));
    }

    /** Registers key, or renews it for the instance that holds it; EEXIST while another instance's lease is live. */
    public synchronized Errno register(K key, V value, String instanceId, long now) {
        if (heldByOther(key, instanceId, now)) {
            return Errno.ERRNO_EEXIST;
        }
        rows.put(key, new Lease<>(key, value, instanceId, now + leaseMillis));
        return Errno.ERRNO_UNSPECIFIED;
    }

    /**
     * Registers every row or none (rtnl_register_many): EEXIST if another live instance
     * holds any of them. The instance's earlier rows that are not among these are dropped,
     * so a renewal states the whole set the instance serves.
     */
    public synchronized Errno registerAll(Map<K, V> values, String instanceId, long now) {
        for (K key : values.keySet()) {
            if (heldByOther(key, instanceId, now)) {
                return Errno.ERRNO_EEXIST;
            }
        }
        rows.values().removeIf(r -> r.instanceId().equals(instanceId));
        values.forEach((k, v) -> rows.put(k, new Lease<>(k, v, instanceId, now + leaseMillis)));
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** Unregisters key, only by the instance that holds it. */
    /**
     * Ends the instance's lease now but keeps the row for lastKnown: the owner left on its
     * own (a graceful stop) and may come back under the same identity.
     */
    public synchronized void lapse(K key, String instanceId) {
        Lease<K, V> cur = rows.get(key);
        if (cur != null && cur.instanceId().equals(instanceId)) {
            rows.put(key, new Lease<>(key, cur.value(), instanceId, Long.MIN_VALUE));
        }
    }

    public synchronized void unregister(K key, String instanceId) {
        Lease<K, V> cur = rows.get(key);
        if (cur != null && cur.instanceId().equals(instanceId)) {
            rows.remove(key);
        }
    }

    /** Unregisters everything an instance holds (its service stopped, or cannot be reached). */
    public synchronized void unregisterAll(String instanceId) {
        rows.values().removeIf(r -> r.instanceId().equals(instanceId));
    }

    /** The live row of key, or null when none is registered or its lease lapsed. */
    public synchronized Lease<K, V> lookup(K key, long now) {
        Lease<K, V> r = rows.get(key);
        return r != null && r.live(now) ? r : null;
    }

    /** The last row registered under key even if its lease lapsed (objects still refer to it), or null. */
    public synchronized Lease<K, V> lastKnown(K key) {
        return rows.get(key);
    }

    /** Every live row, in the order they were first registered. */
    public synchronized List<Lease<K, V>> live(long now) {
        List<Lease<K, V>> out = new ArrayList<>();
        for (Lease<K, V> r : rows.values()) {
            if (r.live(now)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows held, live or lapsed. */
    public synchronized int size() {
        return rows.size();
    }

    private boolean heldByOther(K key, String instanceId, long now) {
        Lease<K, V> cur = rows.get(key);
        return cur != null && !cur.instanceId().equals(instanceId) && cur.live(now);
    }
}
