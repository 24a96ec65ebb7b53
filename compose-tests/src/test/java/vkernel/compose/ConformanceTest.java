package vkernel.compose;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import vkernel.testkit.ConformanceRunner;
import vkernel.testkit.ConformanceSuite;

/**
 * The conformance scenarios through the containers, from the host, as a user of
 * `docker compose up` runs them: output equal, byte for byte, to what Linux printed.
 * Scenarios listed in e2e's conformance-pending.txt are run, reported, and not counted.
 */
class ConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyPublicScenarioMatchesLinuxThroughCompose() throws Exception {
        return runner().dynamicTests(ConformanceSuite.at(Docker.home().resolveSibling("shared").resolve("conformance")));
    }

    /** Scenarios we recorded on the oracle ourselves, where the public suite is silent. */
    @TestFactory
    Stream<DynamicTest> everyScenarioWeRecordedMatchesLinuxThroughCompose() throws Exception {
        return runner().dynamicTests(ConformanceSuite.at(Docker.home().resolve("conformance")));
    }

    /** The same pending list as the process-based e2e suite: one place to say what is not done yet. */
    private static ConformanceRunner runner() throws Exception {
        ComposeStack stack = ComposeStack.get();
        return new ConformanceRunner(stack.endpoint(),
                ConformanceRunner.pendingListedIn(Docker.home().resolve("e2e/src/test/resources/conformance-pending.txt")));
    }
}
