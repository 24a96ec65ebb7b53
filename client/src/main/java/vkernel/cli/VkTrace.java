package vkernel.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import vkernel.launcher.KafkaAuth;
import vkernel.trace.TraceCommand;

/** vk trace: every syscall as its call tree through the layers, live, read from the layers' Kafka topics. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Print every syscall as its call tree through the layers, live.",
            "--stable leaves out times and ids (for diffs and golden files).",
            "--perfetto FILE also writes the calls shown as trace-event JSON for ui.perfetto.dev or chrome://tracing:",
            "a track per layer, a slice per step, arrows between layers."})
final class VkTrace implements Callable<Integer> {
    @ParentCommand
    Vk vk;

    @Option(names = "--from-beginning", description = "replay the topics from their start")
    boolean fromBeginning;

    @Option(names = "--json", description = "print the raw events (proto3 JSON), one a line")
    boolean json;

    @Option(names = "--stable", description = "leave out times and ids")
    boolean stable;

    @Option(names = "--pid", paramLabel = "N", description = "only the calls of task N")
    Integer pid;

    @Option(names = "--call", paramLabel = "NAME", description = "only this syscall (socket, bind, ...)")
    String call;

    @Option(names = "--layer", paramLabel = "L", description = "only calls that went through layer L (vfs, socket, inet, netlink)")
    String layer;

    @Option(names = "--errno", paramLabel = "E", description = "only calls that ended with errno E (EINVAL, ...; 0 for success)")
    String errno;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "stop after N trees (N events with --json)")
    int max;

    @Option(names = "--seconds", paramLabel = "S", description = "stop after S seconds")
    Long seconds;

    @Option(names = "--perfetto", paramLabel = "FILE",
            description = "also write the trees shown to FILE as Chrome/Perfetto trace-event JSON (valid after each tree; not with --json)")
    Path perfetto;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
            description = "the broker (else $KAFKA_BOOTSTRAP_SERVERS, else the kernel `vk up` started)")
    String kafka;

    @Option(names = "--kafka-password-file", paramLabel = "FILE",
            description = "the read-only principal `reader`'s password (else $VKERNEL_KAFKA_READER_FILE, else kafka-users/reader"
                    + " beside $VKERNEL_SECRET_FILE, else the kernel `vk up` started; none: a broker without authentication)")
    Path readerFile;

    @Override
    public Integer call() throws IOException {
        if (json && perfetto != null) {
            vk.err.println("vk trace: --perfetto writes call trees, --json prints raw events: give one of them");
            vk.err.println("Try 'vk trace --help' for more information.");
            return Vk.USAGE;
        }
        String bootstrap = RunState.load(vk.home).kafka(kafka);
        if (bootstrap == null) {
            vk.err.println("vk trace: no kernel: start one with `./vk up --detach`, or pass --kafka HOST:PORT");
            return Vk.FAILED;
        }
        Path reader = RunState.load(vk.home).readerFile(readerFile);
        java.util.Properties client;
        if (reader != null && java.nio.file.Files.exists(reader)) {
            client = KafkaAuth.client(bootstrap, KafkaAuth.READER, reader);
        } else if (reader != null && readerFile != null) {
            vk.err.println("vk trace: no such file: " + reader);
            return Vk.FAILED;
        } else {
            client = new java.util.Properties();
            client.put("bootstrap.servers", bootstrap);
        }
        return TraceCommand.run(new TraceCommand.Options(client, fromBeginning, json, stable,
                new TraceCommand.Filter(pid, call, layer, errno), max, seconds == null ? null : Duration.ofSeconds(seconds), perfetto), vk.out);
    }
}
