package vkernel.trace;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.event.v1.KernelEvent;

/**
 * Gathers events from every layer's topic into call trees. A tree is complete once it
 * has its root, nothing new arrived for the grace period, and every topic has been read
 * past its last step's publish time by the grace period too (the watermark): the layers
 * publish independently, so a step can arrive after its children or after the syscall's
 * end, and when a backlog is read, long after.
 */
public final class TraceAssembler {
    private final long graceNanos;
    private final Map<String, CallTree> open = new LinkedHashMap<>();

    public TraceAssembler(long graceNanos) {
        this.graceNanos = graceNanos;
    }

    public void add(KernelEvent e, long publishedMillis, long nowNanos) {
        open.computeIfAbsent(e.getTraceId(), CallTree::new).add(e, publishedMillis, nowNanos);
    }

    /** The trees quiet for the grace period, every topic read past them (no backlog), oldest first. */
    public List<CallTree> complete(long nowNanos) {
        return complete(nowNanos, Long.MAX_VALUE);
    }

    /**
     * The trees that have been quiet for the grace period and whose last step was published
     * at least the grace period before watermarkMillis ({@link ReadProgress}), oldest first;
     * removed from the open set.
     */
    public List<CallTree> complete(long nowNanos, long watermarkMillis) {
        long graceMillis = graceNanos / 1_000_000;
        List<CallTree> out = new ArrayList<>();
        for (Iterator<CallTree> it = open.values().iterator(); it.hasNext();) {
            CallTree t = it.next();
            boolean readPast = watermarkMillis == Long.MAX_VALUE || t.lastPublishedMillis() + graceMillis <= watermarkMillis;
            if (nowNanos - t.lastUpdateNanos() >= graceNanos && readPast) {
                it.remove();
                if (t.root() != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    public List<CallTree> drain() {
        List<CallTree> out = new ArrayList<>(open.values());
        open.clear();
        return out;
    }
}
