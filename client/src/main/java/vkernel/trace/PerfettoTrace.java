package vkernel.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vkernel.cli.Json;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;
import vkernel.uapi.Errnos;

/**
 * vk trace --perfetto FILE: the traced calls as Chrome trace-event JSON (the "JSON Object
 * Format" that ui.perfetto.dev and chrome://tracing open):
 * {@code {"displayTimeUnit":"ns","traceEvents":[...]}}, one event a line.
 *
 * <h2>Layout</h2>
 * <ul>
 * <li><b>Tracks.</b> One process per layer, named by a {@code process_name} metadata event
 * and ordered by {@code process_sort_index} as the layers stack (vfs 1, socket 2, inet 3,
 * netlink 4; a layer not known here comes after, in the order first seen), so a call's
 * path through the layers reads top to bottom.
 * <li><b>Slices.</b> Every step is one complete event ({@code ph:"X"}): name the kernel
 * function, cat the layer, ts its start in µs ({@code start_unix_micros}), dur its
 * {@code duration_nanos} in µs (fractional), args the task (pid), syscall, trace and
 * span ids, objects, fields, result and errno by name ("EAFNOSUPPORT"; absent on success).
 * <li><b>Threads (lanes).</b> On one thread the viewer nests slices by time containment
 * alone, so two slices of one thread must either nest or not overlap. A step is drawn on
 * the thread of its nearest ancestor in the same layer when it lies inside that ancestor
 * and after its previous sibling there (within {@link #SLACK_NANOS}: start times are whole
 * microseconds, durations nanoseconds, so a child can seem to stick out by less than a µs;
 * it is then clipped to its parent). Any other step starts a <i>segment</i>: it and the
 * steps nested under it go on the first lane of (layer, task) that is free for its whole
 * time; concurrent calls, of one task or of several, thus get lanes of their own. Each
 * lane is one thread, named "pid N" (the task; "pid N #2" for its second lane, "kernel"
 * for pid 0). Thread ids are numbered from 1000 in the order lanes appear and are unique
 * across the file: the viewers key threads by tid, so a task's pid, reused as the tid in
 * four processes, would merge them.
 * <li><b>Flows.</b> A step whose parent is in another layer is joined to it by a flow
 * (legacy flow events: {@code ph:"s"} at the parent's start on the parent's thread, written
 * right after the parent's slice so it binds to it, and {@code ph:"f"} with
 * {@code bp:"e"} at the child's start on its thread, binding to the child), so the viewer
 * draws an arrow from, say, socket's {@code __sock_create} to inet's {@code inet_create}.
 * </ul>
 *
 * <h2>Always valid</h2>
 * The file is written as trees arrive: each tree's events are appended where the closing
 * {@code ]}} stood and the closing is written again after them, so between two trees the
 * file is complete JSON whatever ends vk trace; {@link #close()} only flushes and closes.
 * Writes are synchronized so that a shutdown hook can close it while the main loop runs.
 */
public final class PerfettoTrace implements AutoCloseable {
    /** How far (ns) a step may stick out of its same-layer parent or overlap its sibling and still be clipped into place. */
    static final long SLACK_NANOS = 1_000;
    private static final List<String> LAYERS = List.of("vfs", "socket", "inet", "netlink");
    private static final String CLOSING = "\n]}\n";
    private static final int FIRST_TID = 1000;

    private final FileChannel file;
    private long end; // where the closing starts
    private boolean first = true;
    private boolean closed;
    private int slices;
    private final Map<String, Integer> tracks = new LinkedHashMap<>();
    /** (layer, task) to its lanes, each the busy intervals [start, end) in ns, start to end. */
    private final Map<String, List<TreeMap<Long, Long>>> lanes = new HashMap<>();
    private final Map<String, Integer> tids = new HashMap<>();
    private int nextTid = FIRST_TID;
    private long nextFlow = 1;

    public PerfettoTrace(Path path) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        byte[] head = "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[".getBytes(StandardCharsets.UTF_8);
        write(head, 0);
        end = head.length;
        write(CLOSING.getBytes(StandardCharsets.UTF_8), end);
    }

    /** How many slices (steps) were written. */
    public synchronized int slices() {
        return slices;
    }

    /** Appends one call tree; the file is valid JSON again when this returns. */
    public synchronized void add(CallTree tree) {
        if (closed || tree.root() == null) {
            return;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        place(tree, tree.root(), Map.of(), null, events);
        for (KernelEvent orphan : tree.orphans()) {
            place(tree, orphan, Map.of(), null, events);
        }
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> ev : events) {
            sb.append(first ? "\n" : ",\n").append(Json.line(ev));
            first = false;
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            write(body, end);
            write(CLOSING.getBytes(StandardCharsets.UTF_8), end + body.length);
            end += body.length;
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            file.close();
        }
    }

    private void write(byte[] bytes, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            at += file.write(buf, at);
        }
    }

    /** A step as drawn: its thread and its (clipped) time in ns. */
    private static final class Slice {
        final int pid;
        final int tid;
        final long start;
        final long end;
        long lastChildEnd;

        Slice(int pid, int tid, long start, long end) {
            this.pid = pid;
            this.tid = tid;
            this.start = start;
            this.end = end;
            this.lastChildEnd = start;
        }
    }

    /**
     * Lays out step e and, depth first, its children. open: the innermost slice drawn so far
     * on each layer along the path from the root; flow: the flow from e's parent, if any.
     */
    private void place(CallTree tree, KernelEvent e, Map<String, Slice> open, Long flow, List<Map<String, Object>> out) {
        int pid = track(e.getLayer(), out);
        long start = e.getStartUnixMicros() * 1000;
        long end = start + Math.max(0, e.getDurationNanos());
        Slice outer = open.get(e.getLayer());
        Slice s;
        if (outer != null && start >= outer.lastChildEnd - SLACK_NANOS && end <= outer.end + SLACK_NANOS
                && outer.lastChildEnd <= outer.end) {
            long st = Math.min(Math.max(start, outer.lastChildEnd), outer.end);
            s = new Slice(pid, outer.tid, st, Math.min(Math.max(end, st), outer.end));
            outer.lastChildEnd = s.end;
        } else {
            s = new Slice(pid, lane(e.getLayer(), e.getPid(), start, end, out), start, end);
        }
        slices++;
        out.add(slice(e, s, tree.traceId()));
        if (flow != null) {
            out.add(flow("f", flow, s));
        }
        List<KernelEvent> children = tree.children(e);
        Map<String, Long> flows = new HashMap<>();
        for (KernelEvent c : children) {
            if (!c.getLayer().equals(e.getLayer())) {
                long id = nextFlow++;
                flows.put(c.getSpanId(), id);
                out.add(flow("s", id, s));
            }
        }
        Map<String, Slice> inner = new HashMap<>(open);
        inner.put(e.getLayer(), s);
        for (KernelEvent c : children) {
            place(tree, c, inner, flows.get(c.getSpanId()), out);
        }
    }

    /** The process of a layer, named and sorted when first seen. */
    private int track(String layer, List<Map<String, Object>> out) {
        Integer pid = tracks.get(layer);
        if (pid == null) {
            int known = LAYERS.indexOf(layer);
            pid = known >= 0 ? known + 1 : LAYERS.size() + 1 + (int) tracks.keySet().stream().filter(l -> !LAYERS.contains(l)).count();
            tracks.put(layer, pid);
            out.add(meta("process_name", pid, pid, Map.of("name", layer)));
            out.add(meta("process_sort_index", pid, pid, Map.of("sort_index", pid)));
        }
        return pid;
    }

    /** The first lane of (layer, task) free over [start, end); its thread id. */
    private int lane(String layer, int task, long start, long end, List<Map<String, Object>> out) {
        long stop = Math.max(end, start + 1);
        String key = layer + "/" + task;
        List<TreeMap<Long, Long>> ls = lanes.computeIfAbsent(key, k -> new ArrayList<>());
        int i = 0;
        for (; i < ls.size(); i++) {
            // busy intervals of a lane do not overlap: the last one starting before stop is the only one that can
            Map.Entry<Long, Long> before = ls.get(i).lowerEntry(stop);
            if (before == null || before.getValue() <= start) {
                break;
            }
        }
        if (i == ls.size()) {
            ls.add(new TreeMap<>());
        }
        ls.get(i).put(start, stop);
        String laneKey = key + "/" + i;
        Integer tid = tids.get(laneKey);
        if (tid == null) {
            tid = nextTid++;
            tids.put(laneKey, tid);
            String name = task == 0 ? "kernel" : "pid " + task;
            out.add(meta("thread_name", tracks.get(layer), tid, Map.of("name", i == 0 ? name : name + " #" + (i + 1))));
            out.add(meta("thread_sort_index", tracks.get(layer), tid, Map.of("sort_index", tid)));
        }
        return tid;
    }

    private static Map<String, Object> meta(String name, int pid, int tid, Map<String, Object> args) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ph", "M");
        m.put("name", name);
        m.put("pid", pid);
        m.put("tid", tid);
        m.put("args", args);
        return m;
    }

    private static Map<String, Object> slice(KernelEvent e, Slice s, String traceId) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("pid", e.getPid());
        args.put("syscall", e.getSyscall());
        args.put("trace_id", traceId);
        args.put("span_id", e.getSpanId());
        args.put("parent_span_id", e.getParentSpanId());
        args.put("objects", new TreeMap<>(e.getObjectsMap()));
        args.put("fields", new TreeMap<>(e.getFieldsMap()));
        args.put("result", e.getResult());
        if (e.getErrno() != Errno.ERRNO_UNSPECIFIED) {
            args.put("errno", Errnos.name(e.getErrno()));
        }
        if (!e.getInstanceId().isEmpty()) {
            args.put("instance", e.getInstanceId());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ph", "X");
        m.put("name", e.getFunction());
        m.put("cat", e.getLayer());
        m.put("ts", micros(s.start));
        m.put("dur", micros(s.end - s.start));
        m.put("pid", s.pid);
        m.put("tid", s.tid);
        m.put("args", args);
        return m;
    }

    private static Map<String, Object> flow(String ph, long id, Slice at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ph", ph);
        m.put("name", "call");
        m.put("cat", "layer");
        m.put("id", id);
        m.put("ts", micros(at.start));
        m.put("pid", at.pid);
        m.put("tid", at.tid);
        if (ph.equals("f")) {
            m.put("bp", "e");
        }
        return m;
    }

    /** ns as µs, exactly: up to three decimals, never an exponent. */
    static BigDecimal micros(long nanos) {
        BigDecimal d = BigDecimal.valueOf(nanos, 3).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }
}
