package vkernel.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import vkernel.uapi.Socket;

/** The command line of vk bench. */
final class Options {
    static final String USAGE = """
            usage: vk bench [OPTIONS]
              Starts its own kernel on a free base port (and a second one with event publishing
              off for part 7, three more, one per state durability, for part 8), measures, writes bench/results/latest.json (and a dated copy)
              and the generated section of BENCHMARKS.md.
            options:
              --kernel HOST:PORT       use a running kernel (vfs-service's address) instead
              --secret-file F          its admin credential (with --kernel; default .vk/run/secret)
              --events-off-kernel H:P  part 7 against this running kernel (started with
                                       VKERNEL_EVENTS_ENABLED=false, same secret file)
              --parts 1,2,...          only these parts (1 socket+close, 2 floor, 3 Linux, 4 TCP,
                                       5 netlink, 6 scale, 7 events on/off, 8 state durability
                                       and the pause of a killed layer); default all
              --full                   part 6 up to 1,000,000 open sockets (else 100,000)
              --max-sockets N          part 6 up to N open sockets
              --threads N              threads for throughput (default 16)
              --type stream|dgram      socket type of parts 1, 2, 3, 6, 7 (default stream)
              --quick                  a short run (fewer iterations) to try the bench itself
              --jfr                    profile the layers (JFR via jcmd) during parts 1 and 4
              --heap SIZE              -Xmx of each layer of the kernels it starts (default
                                       sized for part 6: 1536m, 6g with 1,000,000 sockets)
              --out DIR                results directory (default bench/results)
              --markdown FILE          the report to update (default BENCHMARKS.md; "none": skip)
              --report-from FILE       measure nothing: redraw the charts (DIR/charts of --out)
                                       and the report's section from a results file
            """;

    String kernel;
    Path secretFile;
    String eventsOffKernel;
    Set<Integer> parts = new TreeSet<>(List.of(1, 2, 3, 4, 5, 6, 7, 8));
    boolean full;
    long maxSockets = -1;
    int threads = 16;
    int type = Socket.SOCK_STREAM;
    boolean quick;
    boolean jfr;
    String heap;
    Path out;
    String markdown;
    Path reportFrom;
    List<String> argv = new ArrayList<>();

    static Options parse(String[] args) {
        Options o = new Options();
        o.argv.addAll(List.of(args));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--kernel" -> o.kernel = value(args, ++i, a);
                case "--secret-file" -> o.secretFile = Path.of(value(args, ++i, a));
                case "--events-off-kernel" -> o.eventsOffKernel = value(args, ++i, a);
                case "--parts" -> {
                    o.parts = new TreeSet<>();
                    for (String p : value(args, ++i, a).split(",")) {
                        int n = Integer.parseInt(p.trim());
                        if (n < 1 || n > 8) {
                            throw new IllegalArgumentException("no part " + n + " (1..8)");
                        }
                        o.parts.add(n);
                    }
                }
                case "--full" -> o.full = true;
                case "--max-sockets" -> o.maxSockets = Long.parseLong(value(args, ++i, a).replace(",", "").replace("_", ""));
                case "--threads" -> o.threads = Integer.parseInt(value(args, ++i, a));
                case "--type" -> {
                    String t = value(args, ++i, a);
                    o.type = switch (t) {
                        case "stream", "SOCK_STREAM" -> Socket.SOCK_STREAM;
                        case "dgram", "SOCK_DGRAM" -> Socket.SOCK_DGRAM;
                        default -> throw new IllegalArgumentException("--type stream|dgram, not " + t);
                    };
                }
                case "--quick" -> o.quick = true;
                case "--jfr" -> o.jfr = true;
                case "--heap" -> o.heap = value(args, ++i, a);
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--markdown" -> o.markdown = value(args, ++i, a);
                case "--report-from" -> o.reportFrom = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (o.maxSockets < 0) {
            o.maxSockets = o.full ? 1_000_000 : 100_000;
        }
        if (o.threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        return o;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    /** The sizes of part 6: 1,000, 100,000, 1,000,000, capped by --max-sockets (which is then the last). */
    List<Long> scaleLevels() {
        List<Long> levels = new ArrayList<>();
        for (long l : new long[] {1_000, 100_000, 1_000_000}) {
            if (l < maxSockets) {
                levels.add(l);
            }
        }
        levels.add(maxSockets);
        return levels;
    }

    /** -Xmx for each layer of a kernel this bench starts. */
    String layerHeap() {
        if (heap != null) {
            return heap;
        }
        if (!parts.contains(6) || maxSockets <= 100_000) {
            return "1536m";
        }
        long mb = Math.max(1536, 6144 * maxSockets / 1_000_000);
        return mb + "m";
    }

    // iteration counts: the default run, and --quick
    int latencyWarmup() {
        return quick ? 300 : 2000;
    }

    /** How long each kernel runs socket()+close() before parts 1, 2 and 7 time anything. */
    Duration kernelWarmup() {
        return Duration.ofSeconds(quick ? 5 : 30);
    }

    int latencyIters() {
        return quick ? 1000 : 5000;
    }

    Duration throughputWarmup() {
        return Duration.ofSeconds(quick ? 1 : 3);
    }

    Duration throughputMeasure() {
        return Duration.ofSeconds(quick ? 3 : 10);
    }

    int tcpConnectIters() {
        return quick ? 200 : 2000;
    }

    int scaleSamples() {
        return quick ? 300 : 2000;
    }
}
