package vkernel.compose;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The five images, built once per test JVM from this checkout's build output with
 * `docker compose build` (the layers are cached, so an unchanged module costs nothing).
 */
final class Images {
    static final String TAG = "latest";
    private static boolean built;

    private Images() {}

    static String of(String service) {
        return service.equals("kafka") ? "vkernel/kafka:" + TAG : "vkernel/" + service + ":" + TAG;
    }

    /** Environment for every compose command of the suite: the base image, if one is chosen. */
    static Map<String, String> composeEnv() {
        Map<String, String> env = new HashMap<>();
        String base = Docker.baseImage();
        if (base != null) {
            env.put("VKERNEL_BASE_IMAGE", base);
        }
        env.put("VKERNEL_TAG", TAG);
        return env;
    }

    static synchronized void ensureBuilt() throws IOException {
        if (built) {
            return;
        }
        if (!Boolean.parseBoolean(System.getProperty("vkernel.compose.build", "true"))) {
            built = true;
            return;
        }
        Path log = Docker.logDir().resolve("build.log");
        long t0 = System.nanoTime();
        int rc = Docker.exec(Docker.concat(Docker.composeCommand(), "-f", Docker.composeFile().toString(), "build"), composeEnv(), log);
        if (rc != 0) {
            fail("`" + String.join(" ", Docker.composeCommand()) + " build` exited " + rc + " (was ./mvnw package run first?):\n"
                    + Docker.tail(log, 30));
        }
        System.out.printf("compose-tests: images built in %.1f s (base %s)%n", (System.nanoTime() - t0) / 1e9,
                composeEnv().getOrDefault("VKERNEL_BASE_IMAGE", "eclipse-temurin:17-jre"));
        built = true;
    }
}
