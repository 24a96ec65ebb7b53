package vkernel.junit.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.In.IPPROTO_ICMP;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_RAW;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vkernel.junit.KernelEvents;
import vkernel.junit.Spawn;
import vkernel.junit.SyscallTrace;
import vkernel.junit.VKernelTest;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * The README's example of {@code @VKernelTest}, as a user's project would write it (public
 * API only): a TCP echo between two tasks, the steps socket() took, and what uid 1000 may
 * not do.
 */
@VKernelTest
class EchoServerTest {
    @Test
    void echoesWhatTheClientSends(VKernel kernel, @Spawn(uid = 1000, newNetns = true) Task server) {
        try (Task client = kernel.spawn(SpawnOptions.named("client").uid(1000).gid(1000).joinNetns(server.netns()))) {
            int listener = server.socket(AF_INET, SOCK_STREAM, 0);
            server.bind(listener, SockAddr.inet("127.0.0.1", 8080));
            server.listen(listener, 8);
            int c = client.socket(AF_INET, SOCK_STREAM, 0);
            client.connect(c, SockAddr.inet("127.0.0.1", 8080));
            int conn = server.accept(listener).fd();

            client.send(c, "hello".getBytes(StandardCharsets.UTF_8), 0);
            server.send(conn, server.recv(conn, 100, 0).data(), 0);

            assertEquals("hello", new String(client.recv(c, 100, 0).data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void socketGoesThroughSockAllocInetCreateAndFdInstall(@Spawn(uid = 1000) Task task, KernelEvents events) {
        int fd = task.socket(AF_INET, SOCK_STREAM, 0);

        SyscallTrace socket = events.of(task).call("socket");
        assertEquals(fd, socket.result());
        assertTrue(socket.tookSteps("sock_alloc", "inet_create", "fd_install"), socket::toString);
        assertEquals("socket", socket.layerOf("sock_alloc"));
        assertEquals("inet", socket.layerOf("inet_create"));
        assertEquals("vfs", socket.layerOf("fd_install"));
    }

    @Test
    void anUnprivilegedTaskMayNotOpenARawSocket(@Spawn(uid = 1000) Task task, KernelEvents events) {
        ErrnoException e = assertThrows(ErrnoException.class, () -> task.socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));

        assertEquals("EPERM", e.errnoName());
        assertEquals("EPERM", events.of(task).call("socket").errno(), "the trace carries the errno the task saw");
    }
}
