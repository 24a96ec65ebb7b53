package vkernel.inet.core;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;

/** Many callers at once on one namespace: blocking receivers woken by other threads' sends, nothing lost. */
class ConcurrencyTest {
    @Test
    void echoPairsInParallel() throws Exception {
        ScheduledExecutorService timers = ScenarioDriver.timerThread();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Socks s = new Socks(new AfInet(Timers.of(timers), Trace.NO_SOURCE));
            List<CompletableFuture<Boolean>> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                all.add(CompletableFuture.supplyAsync(() -> {
                    long l = s.tcp();
                    s.bind(l, "127.0.0.1:" + (9000 + n));
                    s.listen(l, 4);
                    long c = s.tcp();
                    if (s.connect(c, "127.0.0.1:" + (9000 + n)) != Errno.ERRNO_UNSPECIFIED) {
                        return false;
                    }
                    CompletableFuture<Results.Recv> got = new CompletableFuture<>();
                    s.af.recvmsg(Socks.ROOT, c, IovLen.of(100), 0, false, Trace.NONE, got::complete); // sleeps
                    long srv = acceptBlocking(s, l);
                    String msg = "ping-" + n;
                    s.send(srv, msg, 0);
                    boolean ok = msg.equals(new String(Socks.now(got).data()));
                    s.close(c);
                    s.close(srv);
                    s.close(l);
                    return ok;
                }, pool));
            }
            for (CompletableFuture<Boolean> f : all) {
                assertTrue(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(0, s.af.sockCount());
        } finally {
            pool.shutdownNow();
            timers.shutdownNow();
        }
    }

    private static long acceptBlocking(Socks s, long l) {
        CompletableFuture<Results.Accept> f = new CompletableFuture<>();
        s.af.accept(Socks.ROOT, l, false, 0, Trace.NONE, f::complete);
        return Socks.now(f).newSock();
    }
}
