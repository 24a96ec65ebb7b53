package vkernel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import vkernel.launcher.FreePorts;
import vkernel.launcher.Kernel;

/**
 * One kernel for the whole test JVM: the broker and the four layers as real processes,
 * from this repository's build output, on ports no `vk up` uses. Started on first use,
 * stopped when the JVM exits.
 */
final class KernelFixture {
    private static Kernel kernel;

    private KernelFixture() {}

    static synchronized Kernel kernel() throws Exception {
        if (kernel == null) {
            Kernel k = start(Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    k.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            kernel = k;
        }
        return kernel;
    }

    /** A kernel of its own, with these environment variables in every layer; the caller closes it. */
    static Kernel start(Map<String, String> env) throws Exception {
        Path run = Files.createTempDirectory("vkernel-e2e");
        Kernel k = new Kernel(home(), run, FreePorts.freeBasePort(), env);
        try {
            k.start();
        } catch (IOException e) {
            System.err.print(k.logTails(40));
            k.close();
            throw e;
        }
        return k;
    }

    static Path home() {
        return Path.of(System.getProperty("vkernel.home", "..")).toAbsolutePath().normalize();
    }

    /** ../shared/conformance beside the repository, as CI lays it out. */
    static Path conformance() {
        return home().resolveSibling("shared").resolve("conformance");
    }
}
