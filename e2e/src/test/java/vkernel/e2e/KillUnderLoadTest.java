package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.Accepted;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;

/**
 * The round's promise: tasks run a TCP echo with checked bytes, UDP request/answer and
 * netlink USERSOCK messages in loops while each layer, and then the Kafka broker, is
 * killed with SIGKILL and started again. Every connection continues, every byte arrives
 * once and in order, every fd stays valid, no call fails (no errno it would not have
 * answered anyway, no transport error), and the kernel's tables are empty again after.
 */
class KillUnderLoadTest {
    private static final int PORT = 7777;

    @Test
    void everyLayerKilledInTurnLosesNothing() throws Exception {
        try (Kernel kernel = KernelFixture.start(Map.of());
             VKernel k = VKernel.connect(kernel.address(), kernel.adminSecret())) {
            Map<String, Double> baseline = TableSizes.all(kernel);
            Task server = k.spawn(SpawnOptions.named("echo-server").uid(1000).gid(1000).newNetnsWithLoopback());
            Task client = k.spawn(SpawnOptions.named("echo-client").uid(1000).gid(1000).joinNetns(server.netns()));
            int listener = server.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            server.bind(listener, SockAddr.inet("127.0.0.1", PORT));
            server.listen(listener, 4);
            int conn = client.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            client.connect(conn, SockAddr.inet("127.0.0.1", PORT));
            Accepted accepted = server.accept(listener);

            int udpServer = server.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            server.bind(udpServer, SockAddr.inet("127.0.0.1", PORT + 1));
            int udpClient = client.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            int nlA = client.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_USERSOCK);
            int nlB = client.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_USERSOCK);
            client.bind(nlA, SockAddr.netlink(0, 0));
            client.bind(nlB, SockAddr.netlink(0, 0));
            SockAddr nlBAddr = client.getsockname(nlB);

            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicLong echoed = new AtomicLong();
            AtomicLong answered = new AtomicLong();
            AtomicLong messages = new AtomicLong();
            List<Thread> loops = new ArrayList<>();
            loops.add(loop("tcp-echo-server", running, failures, () -> {
                Received r = server.recv(accepted.fd(), 65536, 0);
                if (r.n() == 0) {
                    if (!running.get()) {
                        return; // the client shut its side down at the end
                    }
                    throw new AssertionError("the connection closed under the echo server");
                }
                byte[] data = r.data();
                for (int off = 0; off < data.length; ) {
                    off += (int) server.send(accepted.fd(), Arrays.copyOfRange(data, off, data.length), 0);
                }
            }));
            loops.add(loop("tcp-echo-client", running, failures, new Runnable() {
                private final Random random = new Random(42);
                private long round;

                @Override
                public void run() {
                    byte[] out = new byte[1 + random.nextInt(8192)];
                    random.nextBytes(out);
                    out[0] = (byte) round++;
                    for (int off = 0; off < out.length; ) {
                        off += (int) client.send(conn, Arrays.copyOfRange(out, off, out.length), 0);
                    }
                    byte[] in = new byte[out.length];
                    for (int got = 0; got < in.length; ) {
                        Received r = client.recv(conn, in.length - got, 0);
                        if (r.n() == 0) {
                            throw new AssertionError("the connection closed under the echo client");
                        }
                        System.arraycopy(r.data(), 0, in, got, (int) r.n());
                        got += (int) r.n();
                    }
                    assertArrayEquals(out, in, "round " + (round - 1) + ": every byte once and in order");
                    echoed.addAndGet(out.length);
                }
            }));
            loops.add(loop("udp-and-netlink", running, failures, new Runnable() {
                private long seq;

                @Override
                public void run() {
                    byte[] request = ("request " + seq).getBytes();
                    client.sendto(udpClient, request, 0, SockAddr.inet("127.0.0.1", PORT + 1));
                    Received q = server.recvfrom(udpServer, 1500, 0);
                    assertArrayEquals(request, q.data());
                    server.sendto(udpServer, ("answer " + seq).getBytes(), 0, q.from());
                    assertArrayEquals(("answer " + seq).getBytes(), client.recv(udpClient, 1500, 0).data());
                    answered.incrementAndGet();
                    byte[] msg = ("netlink " + seq).getBytes();
                    client.sendto(nlA, msg, 0, nlBAddr);
                    assertArrayEquals(msg, client.recv(nlB, 1500, 0).data());
                    messages.incrementAndGet();
                    seq++;
                }
            }));
            loops.forEach(Thread::start);
            try {
                awaitProgress(echoed, answered, messages, failures);
                for (Layer l : List.of(Layer.INET, Layer.SOCKET, Layer.VFS, Layer.NETLINK, Layer.KAFKA)) {
                    kernel.killLayer(l);
                    kernel.restartLayer(l);
                    awaitProgress(echoed, answered, messages, failures);
                }
                for (Layer l : List.of(Layer.INET, Layer.SOCKET)) { // and a graceful stop (SIGTERM) of the busiest two
                    kernel.stopLayer(l);
                    kernel.restartLayer(l);
                    awaitProgress(echoed, answered, messages, failures);
                }
            } finally {
                running.set(false);
                loops.get(1).join(60_000);
                loops.get(2).join(60_000);
            }
            client.shutdown(conn, Socket.SHUT_WR);
            loops.get(0).join(60_000);
            assertTrue(failures.isEmpty(), "calls failed: " + failures);
            assertTrue(echoed.get() > 0 && answered.get() > 0 && messages.get() > 0);

            for (int fd : new int[] {conn, udpClient, nlA, nlB}) {
                client.close(fd);
            }
            for (int fd : new int[] {accepted.fd(), listener, udpServer}) {
                server.close(fd);
            }
            client.exit(0);
            server.exit(0);
            long deadline = System.nanoTime() + 30_000_000_000L; // releases and the namespace's exit run after exit answers
            Map<String, Double> after = TableSizes.all(kernel);
            while (!after.equals(baseline) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                after = TableSizes.all(kernel);
            }
            assertEquals(baseline, after, "every table back to its size before the run");
        }
    }

    /** Waits until each loop made progress since the call (the kernel serves again), or fails. */
    private static void awaitProgress(AtomicLong a, AtomicLong b, AtomicLong c, ConcurrentLinkedQueue<Throwable> failures)
            throws InterruptedException {
        long a0 = a.get();
        long b0 = b.get();
        long c0 = c.get();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (a.get() < a0 + 20 || b.get() < b0 + 20 || c.get() < c0 + 20) {
            if (!failures.isEmpty() || System.nanoTime() > deadline) {
                throw new AssertionError("no progress (tcp " + (a.get() - a0) + " bytes, udp " + (b.get() - b0)
                        + ", netlink " + (c.get() - c0) + "); failures: " + failures);
            }
            Thread.sleep(100);
        }
    }

    private static Thread loop(String name, AtomicBoolean running, ConcurrentLinkedQueue<Throwable> failures, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                while (running.get()) {
                    body.run();
                }
            } catch (Throwable e) {
                failures.add(new AssertionError(name + ": " + e, e));
            }
        }, name);
        t.setDaemon(true);
        return t;
    }
}
