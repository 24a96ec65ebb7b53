package vkernel.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import vkernel.launcher.Layer;
import vkernel.sdk.Task;
import vkernel.uapi.Resource;
import vkernel.uapi.Socket;

/**
 * Restore at scale (issue 17's target: a layer holding 100,000 sockets restored in 5 s or
 * less): filler tasks open N AF_INET sockets, then each of inet-, socket- and vfs-service
 * in turn is killed with SIGKILL and started again. Reported per layer: the restore as the
 * layer logged it (objects, records read, milliseconds: reading the topic to its end and
 * rebuilding the tables), kill → ready (the JVM's and Quarkus's start included), and
 * whether every filler's first socket still answers getsockopt(SO_TYPE) afterwards.
 */
final class RestoreAtScale {
    private static final int FILLERS = 16;
    private static final Pattern RESTORED = Pattern.compile("restored (\\d+) objects from (\\d+) records of (\\S+) in (\\d+) ms");

    private RestoreAtScale() {}

    static Map<String, Object> measure(Target t, long sockets) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sockets", sockets);
        List<Task> fillers = new ArrayList<>();
        for (int i = 0; i < FILLERS; i++) {
            Task f = t.spawnRoot("bench-restore-" + i);
            f.setrlimit(Resource.RLIMIT_NOFILE, Resource.NR_OPEN, Resource.NR_OPEN);
            fillers.add(f);
        }
        long t0 = System.nanoTime();
        ScaleBench.fill(fillers, Socket.AF_INET, Socket.SOCK_STREAM, sockets, new AtomicLong());
        m.put("fill_s", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        Bench.log("    %,d sockets open in %.1f s", sockets, (System.nanoTime() - t0) / 1e9);
        for (Layer layer : List.of(Layer.INET, Layer.SOCKET, Layer.VFS)) {
            Path log = t.owned.runDir().resolve("logs").resolve(layer.label() + ".log");
            long logStart = Files.size(log);
            long killedAt = System.nanoTime();
            t.owned.killLayer(layer);
            t.owned.restartLayer(layer);
            long readyMs = Math.round((System.nanoTime() - killedAt) / 1e6);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("kill_to_ready_ms", readyMs);
            MatchResult r = lastRestore(log, logStart);
            if (r != null) {
                l.put("restored_objects", Long.parseLong(r.group(1)));
                l.put("records_read", Long.parseLong(r.group(2)));
                l.put("restore_ms", Long.parseLong(r.group(4)));
            }
            int answering = 0;
            for (Task f : fillers) {
                try {
                    f.getsockoptInt(3, Socket.SOL_SOCKET, Socket.SO_TYPE); // the first socket it opened
                    answering++;
                } catch (RuntimeException e) {
                    Bench.log("    after %s's restart, fd 3 of %s: %s", layer.module(), f.comm(), Target.describe(e));
                }
            }
            l.put("fillers_answering", answering + "/" + FILLERS);
            Bench.log("    %s killed with %,d sockets: restore %s ms (%s objects, %s records), kill to ready %d ms, "
                    + "fillers answering %s", layer.module(), sockets, l.get("restore_ms"), l.get("restored_objects"),
                    l.get("records_read"), readyMs, l.get("fillers_answering"));
            m.put(layer.label(), l);
        }
        long exitT0 = System.nanoTime();
        for (Task f : fillers) {
            f.exit(0);
        }
        m.put("exit_s", Math.round((System.nanoTime() - exitT0) / 1e7) / 100.0);
        m.put("status", "ok");
        return m;
    }

    /** The last "restored ..." line the layer logged after logStart (its latest restore). */
    private static MatchResult lastRestore(Path log, long logStart) throws java.io.IOException {
        byte[] all = Files.readAllBytes(log);
        String tail = new String(all, (int) Math.min(logStart, all.length), (int) Math.max(0, all.length - logStart),
                StandardCharsets.UTF_8);
        return RESTORED.matcher(tail).results().reduce((first, second) -> second).orElse(null);
    }
}
