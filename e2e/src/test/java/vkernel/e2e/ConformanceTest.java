package vkernel.e2e;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import vkernel.testkit.ConformanceRunner;
import vkernel.testkit.ConformanceSuite;
import vkernel.testkit.KernelEndpoint;

/**
 * The acceptance suite: every conformance scenario runs against the kernel (all layers as
 * processes) and its output must equal, byte for byte, what Linux printed. Scenarios whose
 * calls are not implemented yet are listed in conformance-pending.txt; they are run too,
 * reported, and not counted.
 */
class ConformanceTest {
    /** The public scenarios pending, for this suite and compose-tests'. */
    static final String PENDING = "e2e/src/test/resources/conformance-pending.txt";

    @TestFactory
    Stream<DynamicTest> everyPublicScenarioMatchesLinux() throws Exception {
        return runner().dynamicTests(ConformanceSuite.at(KernelFixture.conformance()));
    }

    /** Scenarios we recorded on the oracle ourselves, where the public suite is silent. */
    @TestFactory
    Stream<DynamicTest> everyScenarioWeRecordedMatchesLinux() throws Exception {
        return runner().dynamicTests(ConformanceSuite.at(KernelFixture.home().resolve("conformance")));
    }

    private static ConformanceRunner runner() throws Exception {
        Path pending = KernelFixture.home().resolve(PENDING);
        return new ConformanceRunner(KernelEndpoint.of(KernelFixture.kernel()), ConformanceRunner.pendingListedIn(pending));
    }
}
