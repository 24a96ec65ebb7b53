package vkernel.trace;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.event.v1.KernelEvent;

/**
 * Gathers events from every layer's topic into call trees. A tree is complete once it
 * has its root and nothing new arrived for the grace period: the layers publish
 * independently, so a step can arrive after its children or after the syscall's end.
 */
public final class TraceAssembler {
    private final long graceNanos;
    private final Map<String, CallTree> open = new LinkedHashMap<>();

    public TraceAssembler(long graceNanos) {
        this.graceNanos = graceNanos;
    }

    public void add(KernelEvent e, long nowNanos) {
        open.computeIfAbsent(e.getTraceId(), CallTree::new).add(e, nowNanos);
    }

    /** The trees that have been quiet for the grace period, oldest first; removed from the open set. */
    public List<CallTree> complete(long nowNanos) {
        List<CallTree> out = new ArrayList<>();
        for (Iterator<CallTree> it = open.values().iterator(); it.hasNext();) {
            CallTree t = it.next();
            if (nowNanos - t.lastUpdateNanos() >= graceNanos) {
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
