package vkernel.runtime.limit;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Whether the layer's heap is nearly full after a collection: the point where a kernel's
 * allocations start to fail (ENOMEM), here before the JVM's would (an OutOfMemoryError
 * takes the whole layer down). Reads the collectors' own threshold flags: a call costs
 * one volatile read per heap pool.
 */
final class HeapPressure {
    private final List<MemoryPoolMXBean> pools;

    /** Pressure once a pool holds more than this fraction of its maximum after a collection. */
    HeapPressure(double fraction) {
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.getUsage().getMax() > 0)
                .toList();
        for (MemoryPoolMXBean p : pools) {
            p.setCollectionUsageThreshold(Math.max(1, (long) (p.getUsage().getMax() * fraction))); // 0 would turn the check off
        }
    }

    /** True while the last collection left a pool above its threshold. */
    boolean high() {
        for (MemoryPoolMXBean p : pools) {
            if (p.isCollectionUsageThresholdExceeded()) {
                return true;
            }
        }
        return false;
    }
}
