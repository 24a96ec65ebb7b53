package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.PollFd;
import vkernel.sdk.PollResult;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Poll;
import vkernel.uapi.Socket;

/** Issue 11: poll sleeps on its files' wait queues: an idle poll asks each file once, and a wake-up ends it at once. */
class PollSleepTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anIdlePollOnTwoSocketsAsksEachOnceAndTimesOut() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("idlepoll").uid(1000))) {
            int a = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            int b = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            double before = pollsServed(k, Layer.INET);
            long start = System.nanoTime();
            PollResult r = t.poll(List.of(new PollFd(a, Poll.POLLIN), new PollFd(b, Poll.POLLIN)), 1500);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(0, r.ready());
            assertTrue(tookMs >= 1500, "waited the timeout: " + tookMs + " ms");
            Thread.sleep(200); // a served call is counted as it closes, just after its answer
            // Each file once; looking every 5 ms instead made about 300 calls here.
            double asked = pollsServed(k, Layer.INET) - before;
            assertTrue(asked <= 4, "inet was asked " + asked + " times for one idle poll of two sockets");
        }
    }

    @Test
    void aDatagramWakesAPollOnSeveralSocketsAndEveryReadyFdIsReported() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("poller").uid(1000));
                Task peer = kernel.spawn(SpawnOptions.named("peer").uid(1000))) {
            int a = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            int b = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            int c = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            t.bind(b, SockAddr.inet("127.0.0.1", 0));
            int tx = peer.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            SockAddr to = t.getsockname(b);
            List<PollFd> fds = List.of(new PollFd(a, Poll.POLLIN), new PollFd(b, Poll.POLLIN), new PollFd(c, Poll.POLLOUT));
            // c is writable at once: poll answers without sleeping, with everything ready
            assertEquals(List.of(0, 0, Poll.POLLOUT), revents(t.poll(fds, -1)));
            List<PollFd> reads = fds.subList(0, 2);
            CompletableFuture<PollResult> sleeping = CompletableFuture.supplyAsync(() -> t.poll(reads, 30_000));
            Thread.sleep(300);
            assertTrue(!sleeping.isDone(), "nothing to read yet: " + (sleeping.isDone() ? sleeping.join() : ""));
            long sent = System.nanoTime();
            peer.sendto(tx, "x".getBytes(), 0, to);
            PollResult r = sleeping.get(10, TimeUnit.SECONDS);
            long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertEquals(List.of(0, Poll.POLLIN), revents(r));
            assertTrue(afterMs < 5000, "woken by the datagram, " + afterMs + " ms after it, not at the timeout");
            // a's registration was cancelled with the poll: the next poll still sleeps and wakes as it should
            assertEquals(1, t.recv(b, 10, 0).n());
            assertEquals(0, t.poll(reads, 200).ready());
        }
    }

    private static List<Integer> revents(PollResult r) {
        return java.util.Arrays.stream(r.revents()).boxed().toList();
    }

    /** ProtoOpsService Poll calls a layer has served, from its /q/metrics. */
    private double pollsServed(Kernel k, Layer layer) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + layer.httpPort(k.basePort()) + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double n = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("grpc_server_processing_duration_seconds_count{method=\"Poll\"")) {
                n += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }
}
