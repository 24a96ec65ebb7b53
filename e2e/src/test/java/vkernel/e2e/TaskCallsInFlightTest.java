package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Socket;

/**
 * Issue 11: a task's calls in flight are bounded in each layer. Past the bound its next
 * call answers EAGAIN at once (a syscall's answer, not a transport failure), other tasks
 * go on, and the task's calls are taken again as soon as some of its calls return.
 */
class TaskCallsInFlightTest {
    private static final int LIMIT = 4;
    private static final int PORT = 5000;

    @Test
    void aTaskPastItsCallsInFlightGetsEagainUntilOneReturns() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(LIMIT);
        try (Kernel k = KernelFixture.start(Map.of("VKERNEL_LIMITS_TASK_CALLS_IN_FLIGHT", Integer.toString(LIMIT)));
                VKernel kernel = VKernel.connect(k.address(), k.adminSecret())) {
            Task busy = kernel.spawn(SpawnOptions.named("busy").uid(1000).gid(1000).newNetnsWithLoopback());
            Task other = kernel.spawn(SpawnOptions.named("other").uid(1000).gid(1000).joinNetns(busy.netns()));
            int fd = busy.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            busy.bind(fd, SockAddr.inet("127.0.0.1", PORT));
            List<Future<Received>> blocked = new ArrayList<>();
            for (int i = 0; i < LIMIT; i++) {
                blocked.add(threads.submit(() -> busy.recv(fd, 100, 0)));
            }

            ErrnoException refused = fifthCallRefused(busy, fd, blocked, threads);
            assertEquals(Errno.ERRNO_EAGAIN, refused.errno());

            int ofd = other.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0); // another task is not held by it
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < LIMIT; i++) {
                other.sendto(ofd, ("datagram " + i).getBytes(), 0, SockAddr.inet("127.0.0.1", PORT));
                sent.add("datagram " + i);
            }
            Set<String> received = new HashSet<>();
            for (Future<Received> f : blocked) {
                received.add(new String(f.get(60, TimeUnit.SECONDS).data()));
            }
            assertEquals(sent, received, "each blocked recv got one datagram");
            assertEquals(SockAddr.inet("127.0.0.1", PORT), busy.getsockname(fd), "the task's calls are taken again");
            busy.close(fd);
            other.close(ofd);
            busy.exit(0);
            other.exit(0);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Calls getsockname until the blocked recvs are all in and it is refused. A probe can
     * overtake a recv still on its way and take its place, so that recv is refused
     * instead: it is sent again.
     */
    private static ErrnoException fifthCallRefused(Task busy, int fd, List<Future<Received>> blocked, ExecutorService threads)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        List<String> states = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < blocked.size(); i++) {
                if (blocked.get(i).isDone()) {
                    assertEquals("EAGAIN", refusal(blocked.get(i)), "a recv that returned before any datagram was sent");
                    blocked.set(i, threads.submit(() -> busy.recv(fd, 100, 0)));
                }
            }
            try {
                busy.getsockname(fd);
            } catch (ErrnoException e) {
                if (blocked.stream().noneMatch(Future::isDone)) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the fifth call was never refused");
    }

    private static String refusal(Future<Received> f) {
        try {
            return "returned " + f.get().n();
        } catch (Exception e) {
            return e.getCause() instanceof ErrnoException errno ? errno.errnoName() : String.valueOf(e.getCause());
        }
    }
}
