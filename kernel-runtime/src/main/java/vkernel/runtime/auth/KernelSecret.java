package vkernel.runtime.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The secret a kernel's layers share: it signs task tokens, authenticates the layers
 * to each other, and is the admin credential that `vk` presents to spawn privileged
 * tasks. `vk up` writes it to a file only its user can read.
 */
public final class KernelSecret {
    private final byte[] secret;

    private KernelSecret(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("kernel secret must be at least 16 bytes");
        }
        this.secret = secret.clone();
    }

    public static KernelSecret of(String text) {
        return new KernelSecret(text.trim().getBytes(StandardCharsets.UTF_8));
    }

    public static KernelSecret fromFile(Path file) {
        try {
            return of(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the kernel secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** VKERNEL_SECRET if set, else the file named by VKERNEL_SECRET_FILE. */
    public static KernelSecret fromEnvironment(String value, String file) {
        if (value != null && !value.isBlank()) {
            return of(value);
        }
        if (file != null && !file.isBlank()) {
            return fromFile(Path.of(file));
        }
        throw new IllegalStateException("no kernel secret: set VKERNEL_SECRET or VKERNEL_SECRET_FILE");
    }

    public String bearer() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    byte[] key() {
        return secret;
    }

    /** Constant-time comparison with a presented credential. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(secret, presented.trim().getBytes(StandardCharsets.UTF_8));
    }
}
