package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
                Task t = kernel.spawn(SpawnOptions.named("traced").unshareNet(true))) {
            pid = t.pid();
            assertEquals(3, t.socket(AF_INET, SOCK_STREAM, 0));
        }
        String tree = vkTrace(k, List.of("--from-beginning", "--pid", Integer.toString(pid), "--call", "socket", "--max", "1",
                "--seconds", "60", "--stable"));
        assertEquals(golden("vk-trace-socket-af-inet-stream.txt").replace("PID", Integer.toString(pid)), tree);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = VkTraceTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String vkTrace(Kernel k, List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("./vk", "trace", "--kafka", k.kafkaBootstrap()));
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
