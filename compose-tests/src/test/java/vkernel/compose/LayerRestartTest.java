package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.socket.v1.SocketResponse;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * One layer's container stopped, started, or replaced by a new one while the others keep
 * serving: the family it provides answers EAFNOSUPPORT once its lease lapses (a module
 * that is not loaded), and works again as soon as the layer has registered itself anew.
 */
class LayerRestartTest {
    /** Leases are renewed every second and lapse within ~3 s; this leaves room for a busy machine. */
    private static final Duration LAPSE = Duration.ofSeconds(20);
    /** A layer's container started (or created) again: a JVM start, then its registration. */
    private static final Duration BACK = Duration.ofSeconds(90);

    @Test
    void stoppingInetServiceUnloadsAfInetUntilItIsStartedOrReplaced() throws Exception {
        ComposeStack stack = ComposeStack.get();
        // AF_INET is what is tested here, not inet-service's readiness (which also needs
        // netlink-service, for its rtnetlink handlers): StackTest checks that
        try (RawKernelClient c = stack.client()) {
            SpawnResponse task = c.spawn("restart");
            String t = task.getToken();
            // inet-service registers PF_INET with socket-service by itself once it is up
            SocketResponse first = until(c, t, r -> r.getRet() >= 0, BACK, "AF_INET to be registered by inet-service");
            assertEquals(Errno.ERRNO_UNSPECIFIED, first.getErrno(), "socket(AF_INET) with inet-service up");
            assertEquals(3, first.getRet(), "a new task's first socket is fd 3");
            boolean netlinkWorks = closeIfFd(c, t, c.socket(t, Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE));

            // 1. docker stop / docker start: the same container
            stack.stop("inet-service");
            try {
                // until its lease lapses (~3 s) the family is still registered, and calls to the
                // vanished container may hang until their deadline: ask after the lapse
                Thread.sleep(4000);
                SocketResponse gone = until(c, t, r -> r.getRet() == -1, LAPSE, "AF_INET to be unloaded");
                assertEquals(Errno.ERRNO_EAFNOSUPPORT, gone.getErrno(), "socket(AF_INET) with inet-service stopped");
                // the other layers keep serving
                assertEquals(-1, c.close(t, 99), "vfs-service answers close(99)");
                assertEquals("healthy", stack.health("vfs-service"));
                if (netlinkWorks) {
                    assertTrue(closeIfFd(c, t, c.socket(t, Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE)),
                            "AF_NETLINK keeps working while inet-service is down");
                }
            } finally {
                stack.start("inet-service");
            }
            SocketResponse back = until(c, t, r -> r.getRet() >= 0, BACK, "AF_INET to be registered again");
            assertEquals(Errno.ERRNO_UNSPECIFIED, back.getErrno());
            c.close(t, back.getRet());

            // 2. compose up --force-recreate: a new container in its place
            String before = stack.containerId("inet-service");
            stack.replace("inet-service");
            assertTrue(!before.equals(stack.containerId("inet-service")), "a new container");
            SocketResponse replaced = until(c, t, r -> r.getRet() >= 0, BACK, "AF_INET from the new container");
            assertEquals(Errno.ERRNO_UNSPECIFIED, replaced.getErrno());
            c.close(t, replaced.getRet());
            c.exit(t);
        }
    }

    @Test
    void stoppingSocketServiceUnregistersSockfsUntilItIsBack() throws Exception {
        ComposeStack stack = ComposeStack.get();
        stack.awaitHealthy("vfs-service", Duration.ofMinutes(2));
        stack.stop("socket-service");
        try {
            // register_filesystem's lease lapses: vfs-service names no socket layer and is not ready
            long deadline = System.nanoTime() + LAPSE.toNanos();
            String sockets = socketAddress(stack);
            while (!sockets.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "vfs-service still names " + sockets + " after " + LAPSE.toSeconds() + " s");
                Thread.sleep(250);
                sockets = socketAddress(stack);
            }
            try (RawKernelClient c = stack.client()) {
                // a task in init_net: no lo to bring up without a socket layer
                SpawnResponse task = c.spawn(SpawnRequest.newBuilder().setComm("without-sockets").build());
                assertEquals(-1, c.close(task.getToken(), 7), "vfs-service keeps serving file calls");
                c.exit(task.getToken());
            }
        } finally {
            stack.start("socket-service");
        }
        // registered again by itself, under its public address
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String sockets = socketAddress(stack);
        while (sockets.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            sockets = socketAddress(stack);
        }
        assertEquals("localhost:" + stack.socketPort, sockets, "sockfs registered again by the restarted socket-service");
    }

    private static String socketAddress(ComposeStack stack) throws Exception {
        try (RawKernelClient c = stack.client()) {
            return c.uname().getSocketAddress();
        }
    }

    /**
     * Calls socket(AF_INET, SOCK_STREAM, 0) until the answer is the wanted one, closing what
     * it opens meanwhile. A call may fail as a transport error while a layer is going away
     * (a stopped container's address no longer answers; the lease has not lapsed yet): that
     * is "not yet", not an answer.
     */
    private static SocketResponse until(RawKernelClient c, String token, Predicate<SocketResponse> wanted, Duration budget, String what)
            throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + budget.toNanos();
        String last = "no answer";
        while (true) {
            try {
                SocketResponse r = c.socket(token, Socket.AF_INET, Socket.SOCK_STREAM, 0);
                if (wanted.test(r)) {
                    System.out.printf("compose-tests: %s after %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
                    return r;
                }
                if (r.getRet() >= 0) {
                    c.close(token, r.getRet());
                }
                last = "ret=" + r.getRet() + " " + r.getErrno();
            } catch (StatusRuntimeException e) {
                last = e.getStatus().getCode() + " " + e.getStatus().getDescription();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + budget.toSeconds() + " s for " + what + "; last: " + last);
            }
            Thread.sleep(250);
        }
    }

    private static boolean closeIfFd(RawKernelClient c, String token, SocketResponse r) {
        if (r.getRet() >= 0) {
            c.close(token, r.getRet());
            return true;
        }
        return false;
    }
}
