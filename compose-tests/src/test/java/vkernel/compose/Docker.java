package vkernel.compose;

import com.github.dockerjava.api.DockerClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine and the compose command this suite runs with. Where no engine can be
 * reached, every test is skipped (never passed) with the reason.
 *
 * <p>System properties: {@code vkernel.compose} = {@code v2} ({@code docker compose}, the
 * default when present) or {@code v1} ({@code docker-compose}); {@code vkernel.compose.build}
 * = {@code false} to use the images as they are instead of building them first.
 */
final class Docker {
    private static Boolean available;
    private static String reason;

    private Docker() {}

    /** Skips the calling test, with the reason, when no Docker engine answers. */
    static void assumeEngine() {
        String why = unavailable();
        Assumptions.assumeTrue(why == null, () -> "SKIPPED: no Docker engine: " + why);
    }

    static synchronized String unavailable() {
        if (available == null) {
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
                if (!available) {
                    reason = "Testcontainers found no Docker environment (is dockerd running? scripts/docker-setup.sh starts one)";
                }
            } catch (Throwable t) {
                available = false;
                reason = t.toString();
            }
        }
        return available ? null : reason;
    }

    static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    static boolean imageExists(String name) {
        try {
            client().inspectImageCmd(name).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The repository (where docker-compose.yml is). */
    static Path home() {
        return Path.of(System.getProperty("vkernel.home", "..")).toAbsolutePath().normalize();
    }

    static File composeFile() {
        return home().resolve("docker-compose.yml").toFile();
    }

    /** Where the suite leaves compose output and the containers' logs. */
    static Path logDir() throws IOException {
        return Files.createDirectories(Path.of("target", "compose-logs").toAbsolutePath());
    }

    /**
     * The Java runtime image the vkernel images are built FROM: $VKERNEL_BASE_IMAGE, else
     * the one scripts/docker-setup.sh makes when it is there, else compose's default
     * (eclipse-temurin:17-jre, from a registry).
     */
    static String baseImage() {
        String env = System.getenv("VKERNEL_BASE_IMAGE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return imageExists("vkernel/jre:17") ? "vkernel/jre:17" : null;
    }

    static boolean composeV2() {
        String want = System.getProperty("vkernel.compose", "");
        if (want.equals("v1")) {
            return false;
        }
        if (want.equals("v2")) {
            return true;
        }
        return exec(List.of("docker", "compose", "version"), Map.of(), null) == 0;
    }

    static List<String> composeCommand() {
        return composeV2() ? List.of("docker", "compose") : List.of("docker-compose");
    }

    /** Runs a command in the repository; its output goes to log (appended) if given. Returns the exit status. */
    static int exec(List<String> cmd, Map<String, String> env, Path log) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home().toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (log != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            Process p = pb.start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The last lines of a file, for failure messages. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    static List<String> concat(List<String> a, String... b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
