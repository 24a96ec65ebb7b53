package vkernel.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import vkernel.launcher.Layer;
import vkernel.sdk.Task;
import vkernel.uapi.Socket;

/**
 * The pause a client sees when a layer dies: one task calls socket()+close() in a loop
 * (the SDK sends a call again while the layer is away), the layer is killed with SIGKILL
 * and started again, and the longest gap between two answered pairs is the pause. The
 * layer's own start (JVM and Quarkus) is reported apart: the pause minus it is what the
 * restore and the reconnection cost.
 */
final class RestartPause {
    private RestartPause() {}

    static Map<String, Object> measure(Target t, Layer layer) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Task task = t.spawnRoot("bench-pause");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong longestGapNanos = new AtomicLong();
        AtomicLong pairs = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        Thread loop = new Thread(() -> {
            long last = System.nanoTime();
            while (running.get()) {
                try {
                    task.close(task.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0));
                    pairs.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
                long now = System.nanoTime();
                longestGapNanos.accumulateAndGet(now - last, Math::max);
                last = now;
            }
        }, "bench-pause");
        loop.start();
        Thread.sleep(2000);
        long killedAt = System.nanoTime();
        t.owned.killLayer(layer);
        t.owned.restartLayer(layer);
        long readyAfter = System.nanoTime() - killedAt;
        Thread.sleep(2000);
        running.set(false);
        loop.join(60_000);
        task.exit(0);
        m.put("layer", layer.module());
        m.put("longest_gap_ms", Math.round(longestGapNanos.get() / 1e6));
        m.put("kill_to_ready_ms", Math.round(readyAfter / 1e6));
        m.put("pairs", pairs.get());
        m.put("failed_calls", failures.get());
        m.put("status", failures.get() == 0 ? "ok" : "failed");
        Bench.log("    %s killed: longest gap %d ms (kill to ready %d ms), %d failed calls", layer.module(),
                m.get("longest_gap_ms"), m.get("kill_to_ready_ms"), failures.get());
        return m;
    }
}
