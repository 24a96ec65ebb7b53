package vkernel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Where a kernel's five programs come from. Each is laid out as its module's
 * {@code target/} directory after {@code ./mvnw package}: a layer's Quarkus application
 * in {@code quarkus-app/}, the broker's classes in {@code classes/} and its libraries in
 * {@code docker/lib/} (or listed in {@code classpath.txt}). Either a checkout's build
 * output, or the {@code dist} jars that {@code ./mvnw install} puts in a Maven repository
 * (the same directories, zipped), unpacked once into a cache.
 */
public final class LayerJars {
    /** The system property naming a checkout to run from (its build output). */
    public static final String HOME_PROPERTY = "vkernel.home";
    /** The Maven repository holding the dist jars, when not the user's default. */
    public static final String REPOSITORY_PROPERTY = "vkernel.maven.repository";
    static final String GROUP_PATH = "dev/vkernel";

    private final String description;
    private final Function<Layer, Path> targetDir;

    private LayerJars(String description, Function<Layer, Path> targetDir) {
        this.description = description;
        this.targetDir = targetDir;
    }

    /** The build output of the checkout at home: home/MODULE/target. */
    public static LayerJars buildOutput(Path home) {
        Path h = home.toAbsolutePath().normalize();
        return new LayerJars("build output of " + h, l -> h.resolve(l.module()).resolve("target"));
    }

    /**
     * The dist jars of this version in a Maven repository laid out as ~/.m2/repository
     * (dev/vkernel/vkernel-MODULE/VERSION/vkernel-MODULE-VERSION-dist.jar), each unpacked
     * into cache on first use.
     */
    public static LayerJars mavenRepository(Path repository, String version, Path cache) {
        Path repo = repository.toAbsolutePath().normalize();
        return new LayerJars("dist jars " + version + " in " + repo, l -> unpacked(distJar(repo, l, version), cache));
    }

    /**
     * What a test outside this repository uses: the checkout named by -Dvkernel.home (or
     * VKERNEL_HOME), else the dist jars of this client's own version in the Maven
     * repository (-Dvkernel.maven.repository, else -Dmaven.repo.local, else ~/.m2/repository).
     */
    public static LayerJars locate() {
        String home = System.getProperty(HOME_PROPERTY, System.getenv("VKERNEL_HOME"));
        if (home != null && !home.isBlank()) {
            return buildOutput(Path.of(home));
        }
        String repo = System.getProperty(REPOSITORY_PROPERTY, System.getProperty("maven.repo.local"));
        Path repository = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "vkernel-dist-" + System.getProperty("user.name", "user"));
        return mavenRepository(repository, clientVersion(), cache);
    }

    /** The version this client was built as, which is the version of the layers it launches by default. */
    public static String clientVersion() {
        try (InputStream in = LayerJars.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path distJar(Path repository, Layer l, String version) {
        String artifact = "vkernel-" + l.module();
        return repository.resolve(GROUP_PATH).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + "-dist.jar");
    }

    /** The module's target/ directory to run from. */
    public Path targetDir(Layer l) {
        return targetDir.apply(l);
    }

    /** The java arguments after the JVM options: -jar for a layer, -cp and the main class for the broker. */
    List<String> program(Layer l) throws IOException {
        Path target = targetDir(l);
        List<String> args = new ArrayList<>();
        if (l == Layer.KAFKA) {
            Path listed = target.resolve("classpath.txt");
            String libs = Files.exists(listed) ? Files.readString(listed).trim() : target.resolve("docker/lib") + "/*";
            args.add("-cp");
            args.add(target.resolve("classes") + java.io.File.pathSeparator + libs);
            args.add("vkernel.kafka.EmbeddedKafka");
        } else {
            Path jar = target.resolve("quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IOException(jar + " is missing: build first (./mvnw -DskipTests install)");
            }
            args.add("-jar");
            args.add(jar.toString());
        }
        return args;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * The jar unpacked under cache, in a directory named by its size and time, so a new
     * install is unpacked afresh. Unpacked beside and renamed into place, so a second JVM
     * unpacking at the same time never runs a half-written copy.
     */
    static Path unpacked(Path jar, Path cache) {
        try {
            if (!Files.isRegularFile(jar)) {
                throw new IOException(jar + " is missing: run ./mvnw install in the vkernel checkout, or name it with -D"
                        + HOME_PROPERTY + "=PATH");
            }
            String name = jar.getFileName().toString().replace(".jar", "") + "-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis();
            Path dir = cache.resolve(name);
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Files.createDirectories(cache);
            Path tmp = Files.createTempDirectory(cache, name + ".part");
            unzip(jar, tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(tmp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unzip(Path jar, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                Path to = into.resolve(e.getName()).normalize();
                if (!to.startsWith(into)) {
                    throw new IOException(jar + ": entry outside its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(zip, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
