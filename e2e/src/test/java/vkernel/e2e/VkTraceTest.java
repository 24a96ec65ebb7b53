package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_STREAM;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vkernel.launcher.Kernel;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * `./vk trace` as a user runs it: socket(AF_INET, SOCK_STREAM, 0) drawn as its call tree
 * through the layers, read from Kafka, against a golden file (--stable leaves out the
 * times and ids that change from run to run; the pid is the test's task).
 */
class VkTraceTest {
    @Test
    void socketCallIsDrawnAsTheGoldenTree() throws Exception {
        Kernel k = KernelFixture.kernel();
        int pid;
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("traced").newNetnsWithLoopback())) {
            pid = t.pid();
            assertEquals(3, t.socket(AF_INET, SOCK_STREAM, 0));
        }
        String tree = vkTrace(k, List.of("--from-beginning", "--pid", Integer.toString(pid), "--call", "socket", "--max", "1",
                "--seconds", "60", "--stable"));
        assertEquals(golden("vk-trace-socket-af-inet-stream.txt").replace("PID", Integer.toString(pid)), tree);
    }

    /**
     * --perfetto FILE beside the tree on stdout: one slice per step of the tree (a line each:
     * the first is the syscall's own step), and the socket slice holds sock_alloc on the
     * socket layer's track.
     */
    @Test
    void perfettoFileHasASlicePerStepNestedOnTheLayersTrack(@TempDir Path dir) throws Exception {
        Kernel k = KernelFixture.kernel();
        int pid;
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("perfetto").newNetnsWithLoopback())) {
            pid = t.pid();
            assertEquals(3, t.socket(AF_INET, SOCK_STREAM, 0));
        }
        Path file = dir.resolve("socket.json");
        String tree = vkTrace(k, List.of("--from-beginning", "--pid", Integer.toString(pid), "--call", "socket", "--max", "1",
                "--seconds", "60", "--stable", "--perfetto", file.toString()));
        assertEquals(golden("vk-trace-socket-af-inet-stream.txt").replace("PID", Integer.toString(pid)), tree,
                "stdout still shows the tree");
        int steps = tree.split("\n").length;

        JsonReader r = new JsonReader(Files.newBufferedReader(file));
        r.setLenient(false);
        JsonObject doc = new Gson().getAdapter(JsonElement.class).read(r).getAsJsonObject();
        assertEquals(JsonToken.END_DOCUMENT, r.peek());
        Map<String, JsonObject> slices = new HashMap<>();
        int count = 0;
        for (JsonElement el : doc.getAsJsonArray("traceEvents")) {
            JsonObject ev = el.getAsJsonObject();
            if (ev.get("ph").getAsString().equals("X")) {
                count++;
                slices.put(ev.get("name").getAsString(), ev);
                assertEquals(pid, ev.getAsJsonObject("args").get("pid").getAsInt());
            }
        }
        System.out.println("vk trace --perfetto: " + count + " slices, " + steps + " steps in the tree");
        assertEquals(steps, count, "a slice per step");
        JsonObject socket = slices.get("socket");
        JsonObject sockAlloc = slices.get("sock_alloc");
        assertEquals(socket.get("pid"), sockAlloc.get("pid"), "the socket layer's track");
        assertEquals(socket.get("tid"), sockAlloc.get("tid"), "one thread: nested by time");
        BigDecimal start = socket.get("ts").getAsBigDecimal();
        BigDecimal end = start.add(socket.get("dur").getAsBigDecimal());
        BigDecimal childStart = sockAlloc.get("ts").getAsBigDecimal();
        BigDecimal childEnd = childStart.add(sockAlloc.get("dur").getAsBigDecimal());
        assertTrue(start.compareTo(childStart) <= 0 && childEnd.compareTo(end) <= 0,
                "socket [" + start + ", " + end + "] holds sock_alloc [" + childStart + ", " + childEnd + "]");
    }

    static String golden(String name) throws IOException {
        try (InputStream in = VkTraceTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String vkTrace(Kernel k, List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("./vk", "trace", "--kafka", k.kafkaBootstrap(),
                "--kafka-password-file", k.kafkaUsers().resolve("reader").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(KernelFixture.home().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("vk trace did not end: " + out);
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
