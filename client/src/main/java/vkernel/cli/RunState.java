package vkernel.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import vkernel.launcher.KafkaAuth;

/**
 * Where the kernel is: what {@code vk up} left in .vk/run/kernel.properties, overridden
 * by the environment ($VKERNEL_ADDRESS, $VKERNEL_SECRET_FILE, $KAFKA_BOOTSTRAP_SERVERS)
 * and those by a command's own option (--kernel, --kafka).
 */
final class RunState {
    private final Path runDir;
    private final Properties state;

    private RunState(Path runDir, Properties state) {
        this.runDir = runDir;
        this.state = state;
    }

    /** The state under {@code home}/.vk/run; none when no kernel.properties is there or it cannot be read. */
    static RunState load(Path home) {
        Path runDir = home.resolve(".vk/run");
        Path f = runDir.resolve("kernel.properties");
        if (!Files.exists(f)) {
            return new RunState(runDir, null);
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            return new RunState(runDir, null);
        }
        return new RunState(runDir, p);
    }

    Path runDir() {
        return runDir;
    }

    /** kernel.properties, or null. */
    Properties properties() {
        return state;
    }

    /** The kernel's address: the option, else $VKERNEL_ADDRESS, else the kernel vk up started; null if none. */
    String address(String option) {
        return pick(option, "VKERNEL_ADDRESS", "address");
    }

    /** Kafka's bootstrap address: the option, else $KAFKA_BOOTSTRAP_SERVERS, else vk up's broker; null if none. */
    String kafka(String option) {
        return pick(option, "KAFKA_BOOTSTRAP_SERVERS", "kafka");
    }

    /** The admin credential from $VKERNEL_SECRET_FILE, else from vk up's secret file; null if neither. */
    String adminSecret() throws IOException {
        String file = System.getenv("VKERNEL_SECRET_FILE");
        if (file == null && state != null) {
            file = state.getProperty("secret.file");
        }
        return file == null ? null : Files.readString(Path.of(file)).trim();
    }

    /**
     * The read-only Kafka principal's password file: the option, else $VKERNEL_KAFKA_READER_FILE,
     * else kafka-users/reader beside $VKERNEL_SECRET_FILE, else vk up's; null if none.
     */
    Path readerFile(Path option) {
        if (option != null) {
            return option;
        }
        String v = System.getenv("VKERNEL_KAFKA_READER_FILE");
        if (v != null) {
            return Path.of(v);
        }
        String secret = System.getenv("VKERNEL_SECRET_FILE");
        if (secret != null) {
            return Path.of(secret).toAbsolutePath().resolveSibling(KafkaAuth.USERS_DIR).resolve(KafkaAuth.READER);
        }
        if (state != null && state.getProperty("kafka.users") != null) {
            return Path.of(state.getProperty("kafka.users")).resolve(KafkaAuth.READER);
        }
        return null;
    }

    /** Whether the kernel vk up recorded still runs (its vfs-service process is alive). */
    boolean alive() {
        return state != null && alive(state.getProperty("pid.vfs"));
    }

    static boolean alive(String pid) {
        return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }

    private String pick(String option, String env, String property) {
        if (option != null) {
            return option;
        }
        String v = System.getenv(env);
        if (v == null && state != null) {
            v = state.getProperty(property);
        }
        return v;
    }
}
