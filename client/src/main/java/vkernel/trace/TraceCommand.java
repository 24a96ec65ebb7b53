package vkernel.trace;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;
import vkernel.uapi.Errnos;

/**
 * vk trace: follows every layer's event topic and prints each syscall as its call tree,
 * live. Filters select trees by the task, the call, a layer it went through, its errno.
 */
public final class TraceCommand {
    static final List<String> TOPICS = List.of("vkernel.vfs.events", "vkernel.socket.events",
            "vkernel.inet.events", "vkernel.netlink.events");
    private static final long GRACE_NANOS = Duration.ofMillis(400).toNanos();

    /** What to show. Null fields match everything. */
    public record Filter(Integer pid, String call, String layer, String errno) {
        boolean matches(CallTree t, List<KernelEvent> steps) {
            KernelEvent root = t.root();
            if (pid != null && root.getPid() != pid) {
                return false;
            }
            if (call != null && !root.getFunction().equals(call)) {
                return false;
            }
            if (errno != null) {
                String name = root.getErrno() == Errno.ERRNO_UNSPECIFIED ? "0" : Errnos.name(root.getErrno());
                if (!name.equals(errno)) {
                    return false;
                }
            }
            return layer == null || steps.stream().anyMatch(e -> e.getLayer().equals(layer));
        }
    }

    /**
     * perfetto: also write the printed trees there as trace-event JSON (null: no file; not with json).
     * kafka: the client's properties, bootstrap.servers and the reader's SASL settings
     * ({@link vkernel.launcher.KafkaAuth#client}).
     */
    public record Options(Properties kafka, boolean fromBeginning, boolean json, boolean stable, Filter filter, int maxTrees,
            Duration timeout, Path perfetto) {}

    private TraceCommand() {}

    /**
     * With --perfetto, stdout still shows the trees, and every tree shown is also appended to
     * the file (see {@link PerfettoTrace}), which is valid JSON after each tree. Ctrl-C (or
     * any other end of the JVM) stops the loop through a shutdown hook: the trees still in
     * their grace period are shown and written too, then the file is closed.
     */
    public static int run(Options o, PrintStream out) throws IOException {
        if (o.perfetto() == null) {
            return run(o, out, null, new AtomicBoolean());
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vk-trace-perfetto");
        try (PerfettoTrace perfetto = new PerfettoTrace(o.perfetto())) {
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return run(o, out, perfetto, stop);
            } finally {
                perfetto.close();
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is what ended the loop
                }
            }
        }
    }

    private static int run(Options o, PrintStream out, PerfettoTrace perfetto, AtomicBoolean stop) {
        Properties p = new Properties();
        p.putAll(o.kafka());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "vk-trace-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, o.fromBeginning() ? "earliest" : "latest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
        TraceAssembler assembler = new TraceAssembler(GRACE_NANOS);
        ReadProgress progress = new ReadProgress();
        TreePrinter printer = new TreePrinter(o.stable());
        long deadline = o.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + o.timeout().toNanos();
        int printed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(TOPICS);
            while (!stop.get() && System.nanoTime() < deadline && (o.maxTrees() <= 0 || printed < o.maxTrees())) {
                long now = System.nanoTime();
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(100))) {
                    progress.read(new TopicPartition(rec.topic(), rec.partition()), rec.timestamp());
                    KernelEvent e;
                    try {
                        KernelEvent.Builder b = KernelEvent.newBuilder();
                        parser.merge(rec.value(), b);
                        e = b.build();
                    } catch (InvalidProtocolBufferException ex) {
                        continue; // not an event of ours
                    }
                    if (o.json()) {
                        if (matchesEvent(o.filter(), e) && !enough(o, printed)) {
                            out.println(rec.value());
                            printed++;
                        }
                    } else if (TreePrinter.EVENTS_LOST.equals(e.getFunction())) {
                        out.print(printer.gap(e)); // always: a gap may hide what a filter looks for
                        out.flush();
                    } else {
                        assembler.add(e, rec.timestamp(), now);
                    }
                }
                printed = show(assembler.complete(System.nanoTime(), progress.watermarkMillis(consumer)), o, printed, printer,
                        perfetto, out);
            }
            if (stop.get()) { // interrupted: what has a root is shown, though its grace period is not over
                show(assembler.drain().stream().filter(t -> t.root() != null).toList(), o, printed, printer, perfetto, out);
            }
        }
        return 0;
    }

    private static int show(List<CallTree> trees, Options o, int printed, TreePrinter printer, PerfettoTrace perfetto,
            PrintStream out) {
        for (CallTree t : trees) {
            if (!enough(o, printed) && o.filter().matches(t, steps(t))) {
                out.print(printer.print(t));
                out.flush();
                if (perfetto != null) {
                    perfetto.add(t);
                }
                printed++;
            }
        }
        return printed;
    }

    /** --max N: N trees (or events, with --json) printed, then vk trace ends. */
    private static boolean enough(Options o, int printed) {
        return o.maxTrees() > 0 && printed >= o.maxTrees();
    }

    private static boolean matchesEvent(Filter f, KernelEvent e) {
        return (f.pid() == null || e.getPid() == f.pid()) && (f.layer() == null || e.getLayer().equals(f.layer()))
                && (f.call() == null || e.getSyscall().equals(f.call()));
    }

    private static List<KernelEvent> steps(CallTree t) {
        java.util.ArrayList<KernelEvent> all = new java.util.ArrayList<>();
        collect(t, t.root(), all);
        all.addAll(t.orphans());
        return all;
    }

    private static void collect(CallTree t, KernelEvent e, List<KernelEvent> into) {
        into.add(e);
        for (KernelEvent c : t.children(e)) {
            collect(t, c, into);
        }
    }
}
