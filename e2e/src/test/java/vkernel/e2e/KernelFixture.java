package vkernel.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        Kernel k = new Kernel(home(), run, freeBase(), env);
        try {
            k.start();
        } catch (IOException e) {
            dumpLogs(run);
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

    private static void dumpLogs(Path run) {
        try (var files = Files.list(run.resolve("logs"))) {
            files.forEach(f -> {
                try {
                    var lines = Files.readAllLines(f);
                    System.err.println("==== " + f.getFileName() + " (last lines)");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
                } catch (IOException e) {
                    System.err.println("cannot read " + f);
                }
            });
        } catch (IOException e) {
            System.err.println("no logs in " + run);
        }
    }

    /** A base port whose whole block (base+1..base+4, +92, +93, +101..+104) is free. */
    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20000 + 200 * (int) (Math.random() * 150);
            if (free(base + 1, base + 2, base + 3, base + 4, base + 92, base + 93, base + 101, base + 102, base + 103, base + 104)) {
                return base;
            }
        }
        throw new IOException("no free block of ports found");
    }

    private static boolean free(int... ports) {
        for (int p : ports) {
            try (ServerSocket s = new ServerSocket(p)) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
