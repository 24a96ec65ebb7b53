package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Netlink.NETLINK_ROUTE;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.AF_NETLINK;
import static vkernel.uapi.Socket.SOCK_DGRAM;
import static vkernel.uapi.Socket.SOCK_RAW;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * `./vk ls` and `./vk inspect` as a user runs them against a live kernel: the fd table
 * from vfs-service, struct socket from socket-service, and the sock's fields from the
 * family service that holds it.
 */
class VkInspectTest {
    @Test
    void inspectShowsTheListeningTcpSockFromInetService() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("inspected").unshareNet(true))) {
            int fd = t.socket(AF_INET, SOCK_STREAM, 0);
            t.bind(fd, SockAddr.inet("127.0.0.1", 5151));
            t.listen(fd, 4);

            String out = vk(k, "inspect", Integer.toString(t.pid()), Integer.toString(fd));
            assertTrue(out.contains("socket  state=SS_UNCONNECTED type=SOCK_STREAM family=AF_INET ops=inet_stream_ops"), out);
            assertTrue(out.contains("sock    prot=TCP held by "), out);
            assertTrue(out.matches("(?s).*sock +sk_state +TCP_LISTEN\n.*"), out);
            assertTrue(out.matches("(?s).*inet_sock +inet_num +5151\n.*"), out);
            assertTrue(out.matches("(?s).*inet_sock +inet_rcv_saddr +127\\.0\\.0\\.1\n.*"), out);

            String ls = vk(k, "ls", Integer.toString(t.pid()));
            assertTrue(ls.contains(fd + " -> socket:["), ls);
            assertTrue(ls.contains("0 -> /dev/null"), ls);
        }
    }

    @Test
    void inspectShowsUdpAndNetlinkSocksFromTheirOwnServices() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("inspected2").unshareNet(true))) {
            int udp = t.socket(AF_INET, SOCK_DGRAM, 0);
            int nl = t.socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);

            String u = vk(k, "inspect", Integer.toString(t.pid()), Integer.toString(udp));
            assertTrue(u.contains("ops=inet_dgram_ops"), u);
            assertTrue(u.contains("sock    prot=UDP held by "), u);

            String n = vk(k, "inspect", Integer.toString(t.pid()), Integer.toString(nl));
            assertTrue(n.contains("family=AF_NETLINK ops=netlink_ops"), n);
            assertTrue(n.contains("sock    prot=NETLINK held by "), n);
        }
    }

    @Test
    void inspectOfAnFdTheTaskDoesNotHoldSaysEbadf() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("inspected3"))) {
            Run r = run(k, "inspect", Integer.toString(t.pid()), "77");
            assertEquals(1, r.code, r.out);
            assertTrue(r.out.contains("has no fd 77 (EBADF)"), r.out);
        }
    }

    private record Run(int code, String out) {}

    private static String vk(Kernel k, String... args) throws Exception {
        Run r = run(k, args);
        assertEquals(0, r.code, r.out);
        return r.out;
    }

    /** ./vk with the test kernel's address and credential, as `vk up` would leave them. */
    private static Run run(Kernel k, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("./vk", args[0], "--kernel", k.address()));
        cmd.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(KernelFixture.home().toFile()).redirectErrorStream(true);
        pb.environment().put("VKERNEL_SECRET_FILE", k.secretFile().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("vk " + String.join(" ", args) + " did not finish: " + out);
        }
        return new Run(p.exitValue(), out);
    }
}
