package vkernel.runtime.quarkus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import vkernel.runtime.events.KafkaEventSink;
import vkernel.uapi.Errnos;

/**
 * /q/metrics for every layer: a latency histogram per syscall, a count per syscall and errno,
 * events published and failed, and (registered by each layer) its table sizes.
 */
@ApplicationScoped
public class KernelMetrics {
    @Inject
    KernelRuntime runtime;

    @Inject
    Instance<MeterRegistry> registries;

    void onStart(@Observes StartupEvent ev) {
        if (!registries.isResolvable()) {
            return;
        }
        MeterRegistry registry = registries.get();
        String layer = runtime.layer();
        // The latency histogram is per syscall only: a histogram costs some kilobytes, and one
        // per syscall and errno grew a layer's heap by 6 MB under the fuzzer's errnos. The
        // errnos are counted, which is cheap.
        runtime.events().setListener((syscall, errno, nanos) -> {
            Timer.builder("vkernel.syscall")
                    .description("latency of the syscalls served by this layer")
                    .tag("layer", layer).tag("syscall", syscall)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(5))
                    .register(registry)
                    .record(Duration.ofNanos(nanos));
            Counter.builder("vkernel.syscall.answers")
                    .description("syscalls served by this layer, by the errno answered (0: success)")
                    .tag("layer", layer).tag("syscall", syscall).tag("errno", Errnos.name(errno))
                    .register(registry)
                    .increment();
        });
        if (runtime.sink() instanceof KafkaEventSink k) {
            FunctionCounter.builder("vkernel.events.published", k, KafkaEventSink::published).tag("layer", layer)
                    .description("events acknowledged by Kafka").register(registry);
            FunctionCounter.builder("vkernel.events.failed", k, KafkaEventSink::failed).tag("layer", layer)
                    .description("events that could not be published").register(registry);
        }
    }

    /** A table's size, e.g. table("tasks", vfs::taskCount). */
    public void table(String name, Supplier<Number> size) {
        if (registries.isResolvable()) {
            Gauge.builder("vkernel.table.size", size).tag("layer", runtime.layer()).tag("table", name)
                    .description("entries in a kernel table").register(registries.get());
        }
    }
}
