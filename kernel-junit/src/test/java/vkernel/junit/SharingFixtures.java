package vkernel.junit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Test classes that KernelSharingTest runs through the platform's launcher (surefire does
 * not pick them: no class here is named *Test). Their kernels are fakes that only record
 * when they start and stop, and which class saw which.
 */
final class SharingFixtures {
    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());

    private SharingFixtures() {}

    static final KernelStarter FAKE = settings -> {
        String name = "kernel" + LOG.stream().filter(l -> l.startsWith("start")).count();
        LOG.add("start " + name + " " + settings.env());
        RunningKernel running = new RunningKernel(name + ":7001", name + ":7092", "secret", null, null);
        return new SharedKernel(running, () -> LOG.add("stop " + name));
    };

    static class DefaultSettingsA {
        @RegisterExtension
        static final VKernelExtension KERNEL = new VKernelExtension(new KernelSettings(Map.of()), FAKE);

        @Test
        void runs(RunningKernel kernel) {
            LOG.add("A on " + kernel.address());
        }
    }

    static class DefaultSettingsB {
        @RegisterExtension
        static final VKernelExtension KERNEL = new VKernelExtension(new KernelSettings(Map.of()), FAKE);

        @Test
        void runs(RunningKernel kernel) {
            LOG.add("B on " + kernel.address());
        }
    }

    static class SmallQueue {
        @RegisterExtension
        static final VKernelExtension KERNEL = new VKernelExtension(new KernelSettings(Map.of("VKERNEL_EVENTS_QUEUE", "2")), FAKE);

        @Test
        void runs(RunningKernel kernel) {
            LOG.add("Q on " + kernel.address() + " (field: " + KERNEL.kernel().address() + ")");
        }
    }
}
