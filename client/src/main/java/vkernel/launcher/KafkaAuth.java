package vkernel.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import vkernel.contract.BusLogin;

/**
 * The Kafka bus's credentials on the client side: the principals the broker knows
 * (kafka-broker's BusSecurity decides what each may do), their password files, and a
 * client's SASL/SCRAM properties.
 */
public final class KafkaAuth {
    /** Beside the admin credential (.vk/run/secret): .vk/run/kafka-users/PRINCIPAL. */
    public static final String USERS_DIR = "kafka-users";
    public static final String ADMIN = "admin";
    public static final String READER = "reader";
    public static final List<String> PRINCIPALS = List.of(ADMIN, "vfs", "socket", "inet", "netlink", READER);
    public static final String MECHANISM = BusLogin.MECHANISM;
    /** The consumer groups the reader may use start with this. */
    public static final String READER_GROUP_PREFIX = "vk-";

    private KafkaAuth() {}

    /** Makes a random password for every principal that has none in dir (mode 0600, dir 0700). */
    public static Path ensureUsers(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        SecureRandom random = new SecureRandom();
        for (String name : PRINCIPALS) {
            Path f = dir.resolve(name);
            if (!Files.exists(f) || Files.readString(f).isBlank()) {
                byte[] b = new byte[24];
                random.nextBytes(b);
                Path tmp = dir.resolve(name + ".new");
                Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(b) + "\n");
                restrict(tmp, "rw-------");
                Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    /** A client's properties: bootstrap, SASL_PLAINTEXT, SCRAM-SHA-256 as user with the password in passwordFile. */
    public static Properties client(String bootstrap, String user, Path passwordFile) throws IOException {
        return client(bootstrap, user, Files.readString(passwordFile).trim());
    }

    /** A client's properties: bootstrap, SASL_PLAINTEXT, SCRAM-SHA-256 as user. */
    public static Properties client(String bootstrap, String user, String password) {
        return BusLogin.client(bootstrap, user, password, MECHANISM);
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX filesystem: nothing more to restrict
        }
    }
}
