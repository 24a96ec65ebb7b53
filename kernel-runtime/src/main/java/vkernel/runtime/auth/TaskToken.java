package vkernel.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import vkernel.cred.v1.Cred;

/**
 * A task's credential: its pid, a generation that tells this task from a later one
 * with the same pid, and its struct cred, signed with the kernel secret. Every layer
 * can check a token without asking vfs-service; vfs-service still refuses the calls of
 * a task that has exited.
 */
public final class TaskToken {
    private static final String VERSION = "v1";

    private TaskToken() {}

    public record Claims(Cred cred, long generation) {}

    public static String sign(KernelSecret secret, Cred cred, long generation) {
        String body = String.join(".", VERSION,
                Integer.toString(cred.getPid()),
                Long.toString(generation),
                Integer.toUnsignedString(cred.getUid()),
                Integer.toUnsignedString(cred.getGid()),
                Long.toHexString(cred.getCapEffective()),
                Long.toUnsignedString(cred.getNetns()));
        return body + "." + mac(secret, body);
    }

    public static Optional<Claims> verify(KernelSecret secret, String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        byte[] presented = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = mac(secret, body).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected)) {
            return Optional.empty();
        }
        String[] f = body.split("\\.");
        if (f.length != 7 || !VERSION.equals(f[0])) {
            return Optional.empty();
        }
        try {
            Cred cred = Cred.newBuilder()
                    .setPid(Integer.parseInt(f[1]))
                    .setUid(Integer.parseUnsignedInt(f[3]))
                    .setGid(Integer.parseUnsignedInt(f[4]))
                    .setCapEffective(Long.parseUnsignedLong(f[5], 16))
                    .setNetns(Long.parseUnsignedLong(f[6]))
                    .setGeneration(Long.parseLong(f[2]))
                    .build();
            return Optional.of(new Claims(cred, Long.parseLong(f[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String mac(KernelSecret secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            byte[] sig = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
