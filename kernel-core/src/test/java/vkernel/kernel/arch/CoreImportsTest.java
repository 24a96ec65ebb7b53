package vkernel.kernel.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule that keeps the cores plain: no class of a {@code core} package of any module,
 * nor of this module, imports a transport, a framework or the bus. The bindings
 * ({@code grpc}, {@code kafka}, {@code runtime}) adapt those to the cores' interfaces.
 */
class CoreImportsTest {
    /** What a core may not import: gRPC, Quarkus and its CDI, Kafka, Netty, Vert.x, SmallRye. */
    static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(?:static\\s+)?((?:io\\.grpc|io\\.quarkus|org\\.apache\\.kafka|io\\.netty|io\\.vertx|io\\.smallrye|jakarta\\.enterprise|jakarta\\.inject)\\.[\\w.*]+)\\s*;",
            Pattern.MULTILINE);

    @Test
    void noCorePackageImportsGrpcQuarkusOrKafka() {
        Path repo = Path.of(System.getProperty("vkernel.home", "..")).toAbsolutePath().normalize();
        List<Path> cores = coreSources(repo);
        assertTrue(cores.size() > 100, "the scan finds the cores (" + cores.size() + " files under " + repo + ")");
        assertEquals(List.of(), violations(repo, cores));
    }

    @Test
    void aDeliberateViolationIsFound(@TempDir Path repo) throws IOException {
        Path core = repo.resolve("x-service/src/main/java/vkernel/x/core/tcp");
        Files.createDirectories(core);
        Files.writeString(core.resolve("Bad.java"), "package vkernel.x.core.tcp;\n\nimport java.util.List;\nimport io.grpc.Context;\n");
        Files.writeString(core.resolve("Good.java"), "package vkernel.x.core.tcp;\n\n// import io.grpc.Context; in a comment only\n");
        Path binding = repo.resolve("x-service/src/main/java/vkernel/x/grpc");
        Files.createDirectories(binding);
        Files.writeString(binding.resolve("Ok.java"), "package vkernel.x.grpc;\n\nimport io.grpc.Context;\n");

        List<String> found = violations(repo, coreSources(repo));
        assertEquals(List.of("x-service/src/main/java/vkernel/x/core/tcp/Bad.java imports io.grpc.Context"), found);
    }

    /** Every main source in a core package of any module, and all of kernel-core. */
    static List<Path> coreSources(Path repo) {
        try (Stream<Path> files = Files.walk(repo)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String rel = repo.relativize(p).toString().replace('\\', '/');
                        if (rel.contains("/target/") || rel.startsWith(".") || !rel.contains("/src/main/java/")) {
                            return false;
                        }
                        return rel.startsWith("kernel-core/") || rel.matches(".*/src/main/java/.*/core/.*");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> violations(Path repo, List<Path> sources) {
        List<String> out = new ArrayList<>();
        for (Path p : sources) {
            try {
                Matcher m = FORBIDDEN.matcher(Files.readString(p));
                while (m.find()) {
                    out.add(repo.relativize(p).toString().replace('\\', '/') + " imports " + m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
