package vkernel.trace;

import java.util.Map;
import java.util.TreeMap;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;
import vkernel.uapi.Errnos;

/**
 * Draws a call tree as a kernel developer would: the syscall line (task, call, result,
 * errno, total time), then every step indented under its parent with its layer, the
 * kernel function, the objects it touched and the fields it set.
 */
public final class TreePrinter {
    private final boolean normalise;

    /** normalise: print no times or ids that change from run to run (for golden tests). */
    public TreePrinter(boolean normalise) {
        this.normalise = normalise;
    }

    /** The function of the event a layer sends when it could not publish some of its events. */
    public static final String EVENTS_LOST = "events_lost";

    /**
     * A gap in the stream, as a layer reported it: how many of its events were lost and
     * when they happened; trees of that time may miss steps.
     */
    public String gap(KernelEvent lost) {
        StringBuilder sb = new StringBuilder("!! ").append(lost.getLayer()).append(": ")
                .append(lost.getFieldsOrDefault("lost", "?")).append(" events lost");
        if (!normalise) {
            sb.append(" between ").append(time(lost.getFieldsOrDefault("from_unix_micros", "0")))
                    .append(" and ").append(time(lost.getFieldsOrDefault("to_unix_micros", "0")));
        }
        return sb.append("; calls of that time may miss steps\n").toString();
    }

    private static String time(String unixMicros) {
        try {
            return java.time.Instant.ofEpochSecond(0, Long.parseLong(unixMicros) * 1000).toString();
        } catch (NumberFormatException e) {
            return unixMicros;
        }
    }

    public String print(CallTree tree) {
        KernelEvent root = tree.root();
        StringBuilder sb = new StringBuilder();
        if (root == null) {
            return sb.toString();
        }
        if (root.getPid() == 0 && tree.children(root).isEmpty() && !root.getFieldsMap().isEmpty()) {
            // a layer's own step, no task's syscall (a restore, a reconcile): its fields are the news
            sb.append("kernel  ");
            line(sb, root);
            return sb.toString();
        }
        sb.append("pid ").append(root.getPid()).append("  ").append(root.getFunction()).append(" = ").append(result(root));
        if (!normalise) {
            sb.append("  ").append(millis(root.getDurationNanos())).append("  trace ").append(tree.traceId());
        }
        sb.append('\n');
        step(sb, tree, root, 1);
        for (KernelEvent orphan : tree.orphans()) {
            sb.append("  (parent not seen) ");
            line(sb, orphan);
            step(sb, tree, orphan, 2);
        }
        return sb.toString();
    }

    private void step(StringBuilder sb, CallTree tree, KernelEvent parent, int depth) {
        for (KernelEvent child : tree.children(parent)) {
            sb.append("  ".repeat(depth));
            line(sb, child);
            step(sb, tree, child, depth + 1);
        }
    }

    private void line(StringBuilder sb, KernelEvent e) {
        sb.append(e.getLayer()).append(' ').append(e.getFunction());
        appendMap(sb, e.getObjectsMap());
        appendMap(sb, e.getFieldsMap());
        if (e.getErrno() != Errno.ERRNO_UNSPECIFIED) {
            sb.append(" = -1 ").append(Errnos.name(e.getErrno()));
        }
        if (!normalise) {
            sb.append("  ").append(millis(e.getDurationNanos()));
        }
        sb.append('\n');
    }

    private void appendMap(StringBuilder sb, Map<String, String> m) {
        for (Map.Entry<String, String> kv : new TreeMap<>(m).entrySet()) {
            sb.append(' ').append(kv.getKey()).append('=').append(normalise && varies(kv.getKey()) ? "*" : kv.getValue());
        }
    }

    /** Values that differ between two runs of the same call. */
    private static boolean varies(String key) {
        return key.equals("ino") || key.equals("sock") || key.equals("service") || key.equals("instance") || key.equals("netns");
    }

    private static String result(KernelEvent e) {
        return e.getErrno() == Errno.ERRNO_UNSPECIFIED ? Long.toString(e.getResult()) : "-1 " + Errnos.name(e.getErrno());
    }

    private static String millis(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }
}
