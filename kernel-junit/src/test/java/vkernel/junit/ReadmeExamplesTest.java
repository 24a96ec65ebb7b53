package vkernel.junit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md shows the two example tests whole, for users to copy: what it shows must be
 * what the build runs (the JUnit one here, the Testcontainers one in the Docker suite).
 */
class ReadmeExamplesTest {
    /** The checkout: surefire runs the tests in the module's directory. */
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theReadmeShowsTheJUnitExampleAsItIsRun() throws IOException {
        assertShown(HOME.resolve("kernel-junit/src/test/java/vkernel/junit/example/EchoServerTest.java"));
    }

    @Test
    void theReadmeShowsTheTestcontainersExampleAsItIsRun() throws IOException {
        assertShown(HOME.resolve("compose-tests/src/test/java/vkernel/compose/VKernelContainerExampleTest.java"));
    }

    /** The file from its first import to its end, in a java block of the README. */
    private static void assertShown(Path example) throws IOException {
        String source = Files.readString(example);
        String shown = "```java\n" + source.substring(source.indexOf("import")).strip() + "\n```";
        assertTrue(Files.readString(HOME.resolve("README.md")).contains(shown),
                "README.md does not show " + HOME.relativize(example) + " as it is; copy it again from its first import");
    }
}
