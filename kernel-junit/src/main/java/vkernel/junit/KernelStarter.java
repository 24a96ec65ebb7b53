package vkernel.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import vkernel.launcher.FreePorts;
import vkernel.launcher.Kernel;
import vkernel.launcher.LayerJars;

/** How the extension gets a kernel for some settings: by default, as processes. */
@FunctionalInterface
interface KernelStarter {
    SharedKernel start(KernelSettings settings) throws Exception;

    /**
     * The broker and the four layers as processes on a free block of ports, run from
     * {@link LayerJars#locate()}. Logs go to target/vkernel-junit/kernel-N/logs when the
     * test runs in a Maven module (kept after the run, to read when a test failed), else
     * to a temporary directory; the broker's data is deleted when the kernel stops.
     */
    static KernelStarter processes() {
        return settings -> {
            Path parent = Files.isDirectory(Path.of("target")) ? Path.of("target", "vkernel-junit")
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(parent);
            Path runDir = Files.createTempDirectory(parent, "kernel-");
            LayerJars jars = LayerJars.locate();
            Kernel kernel = new Kernel(jars, runDir, FreePorts.freeBasePort(), Kernel.LOOPBACK, settings.env());
            try {
                kernel.start();
            } catch (IOException | RuntimeException e) {
                String logs = kernel.logTails(30);
                kernel.close();
                throw new IOException("vkernel did not start from " + jars + ": " + e.getMessage() + "\n" + logs, e);
            }
            RunningKernel running = new RunningKernel(kernel.address(), kernel.kafkaBootstrap(), kernel.adminSecret(),
                    runDir.resolve("logs"), kernel.kafkaReader());
            return new SharedKernel(running, () -> {
                kernel.close();
                deleteTree(runDir.resolve("kafka"));
            });
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
