package vkernel.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the launcher finds the five programs: a checkout's build output, or installed dist jars. */
class LayerJarsTest {
    @TempDir
    Path tmp;

    @Test
    void distJarsAreFoundByCoordinatesInTheRepositoryAndUnpackedOnce() throws IOException {
        Path repo = tmp.resolve("m2");
        Path vfsJar = LayerJars.distJar(repo, Layer.VFS, "1.2.3");
        assertEquals(repo.resolve("dev/vkernel/vkernel-vfs-service/1.2.3/vkernel-vfs-service-1.2.3-dist.jar"), vfsJar);
        zip(vfsJar, Map.of("quarkus-app/quarkus-run.jar", "the runner", "quarkus-app/lib/main/x.jar", "a library"));
        zip(LayerJars.distJar(repo, Layer.KAFKA, "1.2.3"), Map.of("classes/vkernel/kafka/EmbeddedKafka.class", "class",
                "docker/lib/kafka_2.13.jar", "broker"));
        LayerJars jars = LayerJars.mavenRepository(repo, "1.2.3", tmp.resolve("cache"));

        List<String> vfs = jars.program(Layer.VFS);
        assertEquals("-jar", vfs.get(0));
        assertEquals("the runner", Files.readString(Path.of(vfs.get(1))));
        assertEquals(jars.targetDir(Layer.VFS), jars.targetDir(Layer.VFS), "a second look finds the same copy");

        Path kafka = jars.targetDir(Layer.KAFKA);
        assertEquals(List.of("-cp", kafka.resolve("classes") + ":" + kafka.resolve("docker/lib") + "/*", "vkernel.kafka.EmbeddedKafka"),
                jars.program(Layer.KAFKA));
        try (var dirs = Files.list(tmp.resolve("cache"))) {
            assertEquals(2, dirs.count(), "one directory per jar unpacked, nothing half-written left beside");
        }
    }

    @Test
    void aMissingDistJarSaysToInstall() {
        LayerJars jars = LayerJars.mavenRepository(tmp.resolve("empty"), "1.2.3", tmp.resolve("cache"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> jars.targetDir(Layer.INET));
        assertTrue(e.getMessage().contains("vkernel-inet-service-1.2.3-dist.jar is missing: run ./mvnw install"), e.getMessage());
    }

    @Test
    void aCheckoutRunsFromEachModulesTargetDirectory() throws IOException {
        Path home = tmp.resolve("vkernel");
        Files.createDirectories(home.resolve("kafka-broker/target"));
        Files.writeString(home.resolve("kafka-broker/target/classpath.txt"), "/m2/a.jar:/m2/b.jar\n");
        Files.createDirectories(home.resolve("socket-service/target/quarkus-app"));
        Files.writeString(home.resolve("socket-service/target/quarkus-app/quarkus-run.jar"), "");
        LayerJars jars = LayerJars.buildOutput(home);

        assertEquals(List.of("-jar", home.resolve("socket-service/target/quarkus-app/quarkus-run.jar").toString()),
                jars.program(Layer.SOCKET));
        assertEquals(List.of("-cp", home.resolve("kafka-broker/target/classes") + ":/m2/a.jar:/m2/b.jar", "vkernel.kafka.EmbeddedKafka"),
                jars.program(Layer.KAFKA));
        IOException unbuilt = assertThrows(IOException.class, () -> jars.program(Layer.NETLINK));
        assertTrue(unbuilt.getMessage().endsWith("is missing: build first (./mvnw -DskipTests install)"), unbuilt.getMessage());
    }

    @Test
    void theClientKnowsTheVersionItWasBuiltAs() {
        assertTrue(LayerJars.clientVersion().matches("\\d+\\.\\d+\\.\\d+.*"), LayerJars.clientVersion());
    }

    private static void zip(Path jar, Map<String, String> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
    }
}
