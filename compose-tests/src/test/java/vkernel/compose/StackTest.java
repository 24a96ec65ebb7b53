package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.testkit.RawKernelClient;
import vkernel.vfs.v1.SpawnResponse;

/** `docker compose up` gives a whole kernel: every layer healthy, reachable from the host. */
class StackTest {
    @Test
    void everyLayerBecomesHealthy() throws Exception {
        ComposeStack stack = ComposeStack.get();
        assertEquals("healthy", stack.health("kafka"));
        for (String layer : ComposeStack.LAYERS) {
            // socket-service is ready once a family registered, so this waits for inet/netlink too
            stack.awaitHealthy(layer, Duration.ofMinutes(2));
        }
    }

    @Test
    void aClientOnTheHostIsToldThePublishedAddresses() throws Exception {
        ComposeStack stack = ComposeStack.get();
        try (RawKernelClient c = stack.client()) {
            assertEquals("localhost:" + stack.vfsPort, c.uname().getVfsAddress(), "vfs-service's VKERNEL_PUBLIC_ADDRESS");
            assertEquals("localhost:" + stack.socketPort, c.uname().getSocketAddress(), "socket-service's VKERNEL_PUBLIC_ADDRESS");
            SpawnResponse task = c.spawn("stack");
            assertEquals(Errno.ERRNO_UNSPECIFIED, task.getErrno());
            assertFalse(task.getToken().isEmpty(), "a task token");
            assertTrue(task.getPid() > 0, "a pid");
            // a call on each published port: vfs (close of a bad fd) and socket (a family out of range)
            assertEquals(-1, c.close(task.getToken(), 42));
            assertEquals(Errno.ERRNO_EAFNOSUPPORT, c.socket(task.getToken(), 12345, 1, 0).getErrno());
            c.exit(task.getToken());
        }
    }
}
