package vkernel.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Which classes share a kernel, and when kernels stop: a test run of fixture classes with fake kernels. */
class KernelSharingTest {
    @Test
    void classesWithEqualSettingsShareOneKernelAndEveryKernelStopsAtTheEndOfTheRun() {
        SharingFixtures.LOG.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SharingFixtures.DefaultSettingsA.class), selectClass(SharingFixtures.SmallQueue.class),
                        selectClass(SharingFixtures.DefaultSettingsB.class))
                .build(), summary);

        assertEquals(3, summary.getSummary().getTestsSucceededCount(), () -> summary.getSummary().getFailures().toString());
        assertEquals(List.of(
                "start kernel0 {}",
                "A on kernel0:7001",
                "start kernel1 {VKERNEL_EVENTS_QUEUE=2}",
                "Q on kernel1:7001 (field: kernel1:7001)",
                "B on kernel0:7001",
                "stop kernel1",
                "stop kernel0"), SharingFixtures.LOG);
    }

    @Test
    void settingsKeyIgnoresTheOrderOfTheEnvironment() {
        assertEquals(new KernelSettings(Map.of("A", "1", "B", "2")).storeKey(),
                KernelSettings.fromAnnotation(Annotated.class.getAnnotation(VKernelTest.class)).storeKey());
    }

    @Test
    void anEnvEntryWithoutAnEqualsSignIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSettings.fromAnnotation(Malformed.class.getAnnotation(VKernelTest.class)));
        assertEquals("@VKernelTest(env) takes NAME=value, not \"VKERNEL_EVENTS_QUEUE\"", e.getMessage());
    }

    @VKernelTest(env = {"B=2", "A=1"})
    private static final class Annotated {}

    @VKernelTest(env = "VKERNEL_EVENTS_QUEUE")
    private static final class Malformed {}
}
