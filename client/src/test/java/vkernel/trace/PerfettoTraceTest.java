package vkernel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;

/** vk trace --perfetto: call trees as trace-event JSON, parsed back (strictly) and checked slice by slice. */
class PerfettoTraceTest {
    @TempDir
    Path dir;

    private static KernelEvent e(String trace, String span, String parent, String layer, String fn, int pid, long startMicros,
            long durNanos) {
        return KernelEvent.newBuilder().setTraceId(trace).setSpanId(span).setParentSpanId(parent).setLayer(layer)
                .setFunction(fn).setPid(pid).setSyscall("socket").setStartUnixMicros(startMicros).setDurationNanos(durNanos)
                .build();
    }

    private static CallTree tree(String id, List<KernelEvent> events) {
        CallTree t = new CallTree(id);
        for (KernelEvent ev : events) {
            t.add(ev, 0, 0);
        }
        return t;
    }

    /** socket(AF_INET, SOCK_STREAM, 0) through socket, vfs and inet, as the layers report it (out of order). */
    private static CallTree socketCall() {
        return tree("t1", List.of(
                e("t1", "d", "c", "vfs", "new_inode_pseudo", 101, 1004, 2_000).toBuilder().putObjects("ino", "12").build(),
                e("t1", "b", "a", "socket", "__sock_create", 101, 1002, 40_000),
                e("t1", "f", "e", "inet", "sk_alloc", 101, 1011, 3_000).toBuilder().putFields("sk_state", "TCP_CLOSE").build(),
                e("t1", "a", "client", "socket", "socket", 101, 1000, 50_000).toBuilder().setResult(3).build(),
                e("t1", "c", "b", "socket", "sock_alloc", 101, 1003, 5_000),
                e("t1", "e", "b", "inet", "inet_create", 101, 1010, 20_000),
                e("t1", "h", "g", "vfs", "fd_install", 101, 1044, 1_500),
                e("t1", "g", "a", "socket", "sock_map_fd", 101, 1043, 5_000)));
    }

    /** Parses strictly (no lenient JSON); fails on anything after the document. */
    private static JsonObject parse(Path file) throws IOException {
        JsonReader r = new JsonReader(new StringReader(Files.readString(file)));
        r.setLenient(false);
        JsonElement doc = new Gson().getAdapter(JsonElement.class).read(r);
        assertEquals(JsonToken.END_DOCUMENT, r.peek());
        return doc.getAsJsonObject();
    }

    private static List<JsonObject> events(JsonObject doc, String ph) {
        List<JsonObject> out = new ArrayList<>();
        doc.getAsJsonArray("traceEvents").forEach(el -> {
            if (el.getAsJsonObject().get("ph").getAsString().equals(ph)) {
                out.add(el.getAsJsonObject());
            }
        });
        return out;
    }

    private static Map<String, JsonObject> byName(List<JsonObject> slices) {
        Map<String, JsonObject> m = new HashMap<>();
        for (JsonObject s : slices) {
            assertEquals(null, m.put(s.get("name").getAsString(), s), "one slice per step");
        }
        return m;
    }

    private static BigDecimal ts(JsonObject s) {
        return s.get("ts").getAsBigDecimal();
    }

    private static BigDecimal end(JsonObject s) {
        return ts(s).add(s.get("dur").getAsBigDecimal());
    }

    private static void assertNested(JsonObject parent, JsonObject child) {
        assertEquals(parent.get("pid"), child.get("pid"), "same track");
        assertEquals(parent.get("tid"), child.get("tid"), "same thread");
        assertTrue(ts(parent).compareTo(ts(child)) <= 0 && end(child).compareTo(end(parent)) <= 0,
                child.get("name") + " inside " + parent.get("name"));
    }

    @Test
    void aSocketCallIsOneSlicePerStepOnItsLayersTrack() throws IOException {
        Path file = dir.resolve("trace.json");
        try (PerfettoTrace p = new PerfettoTrace(file)) {
            p.add(socketCall());
            assertEquals(8, p.slices());
        }
        JsonObject doc = parse(file);
        assertEquals("ns", doc.get("displayTimeUnit").getAsString());

        Map<Integer, String> processes = new HashMap<>();
        for (JsonObject m : events(doc, "M")) {
            if (m.get("name").getAsString().equals("process_name")) {
                processes.put(m.get("pid").getAsInt(), m.getAsJsonObject("args").get("name").getAsString());
            }
        }
        assertEquals(Map.of(1, "vfs", 2, "socket", 3, "inet"), processes);

        Map<String, JsonObject> s = byName(events(doc, "X"));
        assertEquals(8, s.size());
        JsonObject socket = s.get("socket");
        assertEquals("socket", socket.get("cat").getAsString());
        assertEquals(new BigDecimal(1000), ts(socket));
        assertEquals(new BigDecimal(50), socket.get("dur").getAsBigDecimal());
        assertEquals(2, socket.get("pid").getAsInt());
        JsonObject args = socket.getAsJsonObject("args");
        assertEquals(101, args.get("pid").getAsInt());
        assertEquals("socket", args.get("syscall").getAsString());
        assertEquals("t1", args.get("trace_id").getAsString());
        assertEquals(3, args.get("result").getAsLong());
        assertFalse(args.has("errno"), "no errno on success");

        JsonObject inode = s.get("new_inode_pseudo");
        assertEquals(1, inode.get("pid").getAsInt());
        assertEquals(new BigDecimal(1004), ts(inode));
        assertEquals(new BigDecimal(2), inode.get("dur").getAsBigDecimal());
        assertEquals("12", inode.getAsJsonObject("args").getAsJsonObject("objects").get("ino").getAsString());
        assertEquals("1.5", s.get("fd_install").get("dur").getAsString(), "fractional µs");
        assertEquals(3, s.get("sk_alloc").get("pid").getAsInt());
        assertEquals("TCP_CLOSE", s.get("sk_alloc").getAsJsonObject("args").getAsJsonObject("fields").get("sk_state").getAsString());

        assertNested(socket, s.get("__sock_create"));
        assertNested(s.get("__sock_create"), s.get("sock_alloc"));
        assertNested(socket, s.get("sock_map_fd"));
        assertNested(s.get("inet_create"), s.get("sk_alloc"));

        // an arrow from each step to its child in another layer: s on the parent's thread, f on the child's
        List<JsonObject> starts = events(doc, "s");
        List<JsonObject> finishes = events(doc, "f");
        assertEquals(3, starts.size()); // sock_alloc -> new_inode_pseudo, __sock_create -> inet_create, sock_map_fd -> fd_install
        assertEquals(3, finishes.size());
        Map<String, JsonObject> finishById = new HashMap<>();
        finishes.forEach(f -> finishById.put(f.get("id").getAsString(), f));
        for (JsonObject st : starts) {
            JsonObject f = finishById.get(st.get("id").getAsString());
            assertNotNull(f);
            assertEquals("e", f.get("bp").getAsString());
            if (st.get("pid").getAsInt() == 2 && f.get("pid").getAsInt() == 3) {
                assertEquals(s.get("__sock_create").get("tid"), st.get("tid"));
                assertEquals(ts(s.get("__sock_create")), ts(st));
                assertEquals(s.get("inet_create").get("tid"), f.get("tid"));
                assertEquals(ts(s.get("inet_create")), ts(f));
            }
        }
    }

    @Test
    void concurrentCallsGoOnDifferentThreadsAndAnErrnoHasItsName() throws IOException {
        Path file = dir.resolve("concurrent.json");
        CallTree first = tree("t2", List.of(
                e("t2", "a", "x", "socket", "socket", 202, 2000, 30_000).toBuilder().setResult(-1)
                        .setErrno(Errno.ERRNO_EAFNOSUPPORT).build(),
                e("t2", "b", "a", "socket", "__sock_create", 202, 2001, 19_000).toBuilder()
                        .setErrno(Errno.ERRNO_EAFNOSUPPORT).build()));
        // the same task, overlapping the first call without containing it; its child sticks out by half a µs (whole-µs starts)
        CallTree second = tree("t3", List.of(
                e("t3", "a", "x", "socket", "socket", 202, 2010, 30_000),
                e("t3", "b", "a", "socket", "__sock_create", 202, 2011, 29_500)));
        try (PerfettoTrace p = new PerfettoTrace(file)) {
            p.add(first);
            parse(file); // valid between two trees, before close
            p.add(second);
            p.add(socketCall());
            parse(file);
        }
        JsonObject doc = parse(file);
        Map<String, List<JsonObject>> byTrace = new HashMap<>();
        for (JsonObject x : events(doc, "X")) {
            byTrace.computeIfAbsent(x.getAsJsonObject("args").get("trace_id").getAsString(), k -> new ArrayList<>()).add(x);
        }
        Map<String, JsonObject> t2 = byName(byTrace.get("t2"));
        Map<String, JsonObject> t3 = byName(byTrace.get("t3"));
        Map<String, JsonObject> t1 = byName(byTrace.get("t1"));
        assertEquals("EAFNOSUPPORT", t2.get("socket").getAsJsonObject("args").get("errno").getAsString());
        assertNested(t2.get("socket"), t2.get("__sock_create"));
        assertNested(t3.get("socket"), t3.get("__sock_create"));
        assertNotEquals(t2.get("socket").get("tid"), t3.get("socket").get("tid"), "overlapping calls on different threads");
        assertNotEquals(t2.get("socket").get("tid"), t1.get("socket").get("tid"), "another task, another thread");
        assertEquals(new BigDecimal(2040), end(t3.get("__sock_create")), "clipped to its parent");

        Map<Integer, String> threads = new HashMap<>();
        for (JsonObject m : events(doc, "M")) {
            if (m.get("name").getAsString().equals("thread_name")) {
                threads.put(m.get("tid").getAsInt(), m.getAsJsonObject("args").get("name").getAsString());
            }
        }
        assertEquals("pid 202", threads.get(t2.get("socket").get("tid").getAsInt()));
        assertEquals("pid 202 #2", threads.get(t3.get("socket").get("tid").getAsInt()));
        assertEquals("pid 101", threads.get(t1.get("socket").get("tid").getAsInt()));
    }
}
