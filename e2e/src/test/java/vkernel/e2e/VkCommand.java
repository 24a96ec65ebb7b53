package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vkernel.launcher.Kernel;

/** ./vk run against the test kernel, with its address and credential as `vk up` would leave them. */
final class VkCommand {
    record Run(int code, String out) {}

    private VkCommand() {}

    static Run run(Kernel k, String... args) throws IOException, InterruptedException {
        Process p = start(k, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("vk " + String.join(" ", args) + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    /** ./vk started in the background, stderr joined to stdout. */
    static Process start(Kernel k, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("./vk", args[0], "--kernel", k.address()));
        cmd.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(KernelFixture.home().toFile()).redirectErrorStream(true);
        pb.environment().put("VKERNEL_SECRET_FILE", k.secretFile().toString());
        return pb.start();
    }

    /** Its output, once it exited 0. */
    static String vk(Kernel k, String... args) throws IOException, InterruptedException {
        Run r = run(k, args);
        assertEquals(0, r.code(), r.out());
        return r.out();
    }
}
