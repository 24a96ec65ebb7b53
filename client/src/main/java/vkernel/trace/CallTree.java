package vkernel.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.event.v1.KernelEvent;

/**
 * The steps of one syscall, placed under their parents whatever order they arrived
 * in. The root is the step whose parent is not in the trace (the syscall itself).
 */
public final class CallTree {
    private final String traceId;
    private final Map<String, KernelEvent> bySpan = new HashMap<>();
    private long lastUpdateNanos;
    private long lastPublishedMillis = Long.MIN_VALUE;

    public CallTree(String traceId) {
        this.traceId = traceId;
    }

    public String traceId() {
        return traceId;
    }

    /** A step read at nowNanos, published (its record's timestamp) at publishedMillis. */
    public void add(KernelEvent e, long publishedMillis, long nowNanos) {
        bySpan.put(e.getSpanId(), e);
        lastUpdateNanos = nowNanos;
        lastPublishedMillis = Math.max(lastPublishedMillis, publishedMillis);
    }

    public long lastUpdateNanos() {
        return lastUpdateNanos;
    }

    public long lastPublishedMillis() {
        return lastPublishedMillis;
    }

    public int size() {
        return bySpan.size();
    }

    /** The syscall's own step: the earliest step whose parent is not in this trace. */
    public KernelEvent root() {
        return bySpan.values().stream()
                .filter(e -> !bySpan.containsKey(e.getParentSpanId()))
                .min(Comparator.comparingLong(KernelEvent::getStartUnixMicros))
                .orElse(null);
    }

    /** Children of a step, in the order they started. */
    public List<KernelEvent> children(KernelEvent parent) {
        List<KernelEvent> out = new ArrayList<>();
        for (KernelEvent e : bySpan.values()) {
            if (e.getParentSpanId().equals(parent.getSpanId()) && !e.getSpanId().equals(parent.getSpanId())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(KernelEvent::getStartUnixMicros).thenComparing(KernelEvent::getFunction));
        return out;
    }

    /** Steps whose parent is neither in the trace nor the root's caller: detached, printed last. */
    public List<KernelEvent> orphans() {
        KernelEvent root = root();
        List<KernelEvent> out = new ArrayList<>();
        for (KernelEvent e : bySpan.values()) {
            if (e != root && !bySpan.containsKey(e.getParentSpanId())) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparingLong(KernelEvent::getStartUnixMicros));
        return out;
    }
}
