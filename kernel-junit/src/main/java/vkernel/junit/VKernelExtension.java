package vkernel.junit;

import java.lang.reflect.Parameter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * The JUnit 5 extension behind {@link VKernelTest}; also usable as a field, to choose the
 * settings in code and reach the kernel from it:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final VKernelExtension KERNEL = VKernelExtension.withEnv(Map.of("VKERNEL_EVENTS_QUEUE", "1024"));
 * </pre>
 *
 * It resolves parameters of four types: {@link VKernel} (connected with the admin
 * credential; shared, so do not close it), {@link Task} (spawned as its {@link Spawn}
 * says, exited at the end of its scope), {@link KernelEvents} (the calls of the test) and
 * {@link RunningKernel} (the addresses and the credential).
 */
public class VKernelExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(VKernelExtension.class);
    private static final String SINCE = "events.since.micros";

    private final KernelSettings settings; // null: read @VKernelTest on the test class
    private final KernelStarter starter;
    private volatile SharedKernel current;

    /** The extension as {@link VKernelTest} registers it: settings from the annotation. */
    public VKernelExtension() {
        this(null, KernelStarter.processes());
    }

    VKernelExtension(KernelSettings settings, KernelStarter starter) {
        this.settings = settings;
        this.starter = starter;
    }

    /** For a {@code @RegisterExtension} field: a kernel whose layers run with this environment. */
    public static VKernelExtension withEnv(Map<String, String> env) {
        return new VKernelExtension(new KernelSettings(env), KernelStarter.processes());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
        context.getStore(NAMESPACE).put(SINCE, nowMicros());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        long now = nowMicros();
        context.getStore(NAMESPACE).put(SINCE, now);
        SharedKernel kernel = shared(context);
        if (kernel.readingEvents()) {
            kernel.events().forgetBefore(now);
        }
    }

    /** The shared client of the kernel of the running class (with a registered field, after beforeAll). */
    public VKernel client() {
        return started().client();
    }

    /** The running class's kernel: its addresses and credential. */
    public RunningKernel kernel() {
        return started().running();
    }

    private SharedKernel started() {
        SharedKernel k = current;
        if (k == null) {
            throw new IllegalStateException("no kernel yet: the extension starts one before the class's first test");
        }
        return k;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VKernel.class || type == Task.class || type == KernelEvents.class || type == RunningKernel.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SharedKernel kernel = shared(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == VKernel.class) {
            return kernel.client();
        }
        if (type == RunningKernel.class) {
            return kernel.running();
        }
        if (type == KernelEvents.class) {
            Long since = context.getStore(NAMESPACE).get(SINCE, Long.class);
            return new KernelEvents(kernel.events(), since == null ? 0 : since, 0, KernelEvents.DEFAULT_TIMEOUT);
        }
        Task task = kernel.client().spawn(spawnOptions(parameter.getParameter()));
        // the store closes its resources when this context (the test, or the class) ends
        context.getStore(NAMESPACE).put("task " + task.pid(), new ExitOnClose(task));
        return task;
    }

    /** A spawned task in a store: exits when the store closes (JUnit 5 and 6 alike, see SharedKernel). */
    private record ExitOnClose(Task task) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            task.close();
        }
    }

    static SpawnOptions spawnOptions(Parameter p) {
        Spawn s = p.getAnnotation(Spawn.class);
        String comm = s != null && !s.comm().isEmpty() ? s.comm() : p.isNamePresent() ? p.getName() : "task";
        SpawnOptions o = SpawnOptions.named(comm);
        if (s == null) {
            return o;
        }
        o = o.uid(s.uid()).gid(s.gid()).unshareNet(s.newNetns()).loopbackUp(s.newNetns() && s.loopbackUp());
        if (s.capabilities().length > 0) {
            long mask = 0;
            for (int cap : s.capabilities()) {
                mask |= 1L << cap;
            }
            o = o.capabilities(mask);
        }
        return o;
    }

    /** The kernel for this context's settings from the root store, started on first use. */
    private SharedKernel shared(ExtensionContext context) {
        KernelSettings s = settings != null ? settings : KernelSettings.fromAnnotation(annotation(context).orElse(null));
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        SharedKernel k = root.getOrComputeIfAbsent(s.storeKey(), key -> {
            try {
                return starter.start(s);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExtensionConfigurationException("interrupted while starting vkernel", e);
            } catch (Exception e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
        }, SharedKernel.class);
        current = k;
        return k;
    }

    /** @VKernelTest on the test class or a class it is nested in. */
    private static Optional<VKernelTest> annotation(ExtensionContext context) {
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            VKernelTest t = c.getAnnotation(VKernelTest.class);
            if (t != null) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
