package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/** The README's SDK example, run as written: a TCP echo between two tasks. */
class EchoExampleTest {
    @Test
    void readmeEchoExampleRuns() throws Exception {
        Kernel k = KernelFixture.kernel();
        String echoed = echo(k.address(), k.adminSecret());
        assertEquals("hello, kernel", echoed);
    }

    // --- as in README.md ---
    static String echo(String address, String adminSecret) {
        try (VKernel kernel = VKernel.connect(address, adminSecret);
                Task server = kernel.spawn(SpawnOptions.named("server").newNetnsWithLoopback());
                Task client = kernel.spawn(SpawnOptions.named("client").uid(1000).gid(1000).joinNetns(server.netns()))) {
            int listener = server.socket(AF_INET, SOCK_STREAM, 0);
            server.bind(listener, SockAddr.inet("127.0.0.1", 7777));
            server.listen(listener, 8);
            int c = client.socket(AF_INET, SOCK_STREAM, 0);
            client.connect(c, SockAddr.inet("127.0.0.1", 7777));
            int conn = server.accept(listener).fd();
            client.send(c, "hello, kernel".getBytes(StandardCharsets.UTF_8), 0);
            server.send(conn, server.recv(conn, 100, 0).data(), 0);
            return new String(client.recv(c, 100, 0).data(), StandardCharsets.UTF_8);
        }
    }
}
