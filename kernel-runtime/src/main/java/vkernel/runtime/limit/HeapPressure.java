package vkernel.runtime.limit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Whether the layer's heap is nearly full of live data: the point where a kernel's
 * allocations start to fail (ENOMEM), here before the JVM's would (an OutOfMemoryError
 * takes the whole layer down). The collectors' threshold flags are read on every call
 * (one volatile read per pool); they stay set until the pool is collected again, so a
 * set flag is confirmed by a full collection, at most one a second, before a call is
 * refused: garbage left by a burst of large requests is not pressure.
 */
final class HeapPressure {
    private static final long CONFIRM_EVERY_NANOS = 1_000_000_000L;

    private final List<MemoryPoolMXBean> pools;
    private long lastConfirmed = System.nanoTime() - CONFIRM_EVERY_NANOS;
    private boolean confirmed;

    /** Pressure once a pool holds more than this fraction of its maximum after a collection. */
    HeapPressure(double fraction) {
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0)
                .toList();
        for (MemoryPoolMXBean p : pools) {
            p.setCollectionUsageThreshold(Math.max(1, (long) (p.getUsage().getMax() * fraction))); // 0 would turn the check off
        }
    }

    /** True while live data fills a pool above its threshold. */
    boolean high() {
        for (MemoryPoolMXBean p : pools) {
            if (p.isCollectionUsageThresholdExceeded() && p.getUsage().getUsed() >= p.getCollectionUsageThreshold()) {
                return confirm();
            }
        }
        return false;
    }

    private synchronized boolean confirm() {
        long now = System.nanoTime();
        if (now - lastConfirmed >= CONFIRM_EVERY_NANOS) {
            lastConfirmed = now;
            System.gc(); // collects every pool: what stays is live
            confirmed = false;
            for (MemoryPoolMXBean p : pools) {
                confirmed |= p.getCollectionUsage().getUsed() >= p.getCollectionUsageThreshold();
            }
        }
        return confirmed;
    }
}
