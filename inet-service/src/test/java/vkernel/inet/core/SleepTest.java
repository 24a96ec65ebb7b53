package vkernel.inet.core;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.kernel.sched.Revents;
import vkernel.uapi.Poll;
import vkernel.uapi.Socket;

/** Blocking without a thread: wake-ups, timeouts, and a cancelled call taken as a signal that leaves nothing done. */
class SleepTest {
    private final Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));

    private <T> CompletableFuture<T> blocking(Context.CancellableContext ctx, java.util.function.Consumer<java.util.function.Consumer<T>> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.run(() -> call.accept(f::complete));
        return f;
    }

    @Test
    void recvSleepsUntilDataArrives() throws Exception {
        long[] p = s.pair(8080);
        Context.CancellableContext ctx = Context.current().withCancellation();
        CompletableFuture<Results.Recv> r = blocking(ctx,
                c -> s.af.recvmsg(Socks.ROOT, p[1], IovLen.of(10), 0, false, Trace.NONE, c));
        Thread.sleep(50);
        assertFalse(r.isDone(), "nothing to read: it sleeps");
        assertEquals(1, s.send(p[0], "x", 0).ret());
        assertEquals("x", new String(r.get(1, TimeUnit.SECONDS).data()));
    }

    @Test
    void aCancelledCallIsInterruptedWithoutSideEffect() throws Exception {
        long[] p = s.pair(8081);
        Context.CancellableContext ctx = Context.current().withCancellation();
        CompletableFuture<Results.Recv> r = blocking(ctx,
                c -> s.af.recvmsg(Socks.ROOT, p[1], IovLen.of(10), 0, false, Trace.NONE, c));
        ctx.cancel(null);
        assertEquals(Errno.ERRNO_EINTR, r.get(1, TimeUnit.SECONDS).errno());
        s.send(p[0], "kept", 0);
        assertEquals("kept", s.recvText(p[1], 10), "the interrupted call took nothing");
    }

    @Test
    void rcvtimeoEndsTheSleepWithEagain() throws Exception {
        long u = s.udp();
        s.bind(u, "127.0.0.1:5000");
        byte[] tv = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(50_000)
                .array();
        s.af.setsockopt(Socks.ROOT, u, Socket.SOL_SOCKET, Socket.SO_RCVTIMEO, tv, Trace.NONE);
        long t0 = System.nanoTime();
        CompletableFuture<Results.Recv> r = blocking(Context.current().withCancellation(),
                c -> s.af.recvmsg(Socks.ROOT, u, IovLen.of(10), 0, false, Trace.NONE, c));
        assertEquals(Errno.ERRNO_EAGAIN, r.get(1, TimeUnit.SECONDS).errno());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(48), "slept its 52 ms (13 jiffies)");
    }

    @Test
    void acceptWakesOnConnect() throws Exception {
        long l = s.tcp();
        s.bind(l, "127.0.0.1:8082");
        s.listen(l, 4);
        CompletableFuture<Results.Accept> a = blocking(Context.current().withCancellation(),
                c -> s.af.accept(Socks.ROOT, l, false, 5, Trace.NONE, c));
        Thread.sleep(20);
        assertFalse(a.isDone());
        long c = s.tcp();
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.connect(c, "127.0.0.1:8082"));
        Results.Accept r = a.get(1, TimeUnit.SECONDS);
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.errno());
        assertEquals(Socket.AF_INET, r.addr()[0]);
    }

    @Test
    void pollWaitsForTheEventsAsked() throws Exception {
        long[] p = s.pair(8083);
        CompletableFuture<Revents> none = blocking(Context.current().withCancellation(),
                c -> s.af.poll(Socks.ROOT, p[1], Poll.POLLIN, 0, Revents.LEVEL, Trace.NONE, c));
        assertEquals(0, none.get(1, TimeUnit.SECONDS).mask(), "timeout 0 answers at once");
        CompletableFuture<Revents> in = blocking(Context.current().withCancellation(),
                c -> s.af.poll(Socks.ROOT, p[1], Poll.POLLIN, -1, Revents.LEVEL, Trace.NONE, c));
        Thread.sleep(20);
        assertFalse(in.isDone());
        s.send(p[0], "x", 0);
        assertEquals(Poll.POLLIN, in.get(1, TimeUnit.SECONDS).mask());
    }

    @Test
    void partialWaitallAnswersBeforeTheDeadline() throws Exception {
        long[] p = s.pair(8084);
        s.send(p[0], "abc", 0);
        java.util.concurrent.ScheduledExecutorService ses = ScenarioDriver.timerThread();
        try {
            Context.CancellableContext ctx = Context.current().withDeadlineAfter(300, TimeUnit.MILLISECONDS, ses);
            CompletableFuture<Results.Recv> r = blocking(ctx,
                    c -> s.af.recvmsg(Socks.ROOT, p[1], IovLen.of(10), Socket.MSG_WAITALL, false, Trace.NONE, c));
            Results.Recv got = r.get(1, TimeUnit.SECONDS);
            assertEquals(3, got.ret(), "a signal returns what was read");
            assertFalse(ctx.isCancelled(), "and it came before the deadline");
        } finally {
            ses.shutdownNow();
        }
    }
}
