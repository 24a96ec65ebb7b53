package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.PollFd;
import vkernel.sdk.PollResult;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Poll;
import vkernel.uapi.Resource;

/** Issue 11: what a hostile user sends is bounded by the transport, and the kernel listens on loopback only. */
class HostileInputTest {
    private static final int MIB = 1 << 20;

    @Test
    void aRequestOfTwentyMibIsRefusedByTheTransportAndTheKernelServesTheNextCall() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("hostile").uid(1000))) {
            // 3.5 million entries of 6 bytes: 20 MiB on the wire
            List<PollFd> fds = Collections.nCopies(20 * MIB / 6, new PollFd(1, Poll.POLLOUT));
            KernelTransportException poll = assertThrows(KernelTransportException.class, () -> t.poll(fds, 0));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, poll.code(), poll.toString());
            KernelTransportException spawn = assertThrows(KernelTransportException.class,
                    () -> kernel.spawn(SpawnOptions.named("x".repeat(20 * MIB)).uid(1000)));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, spawn.code(), spawn.toString());
            PollResult next = t.poll(1, Poll.POLLOUT, 0);
            assertEquals(1, next.ready());
            try (Task after = kernel.spawn(SpawnOptions.named("after").uid(1000))) {
                assertTrue(after.pid() > 0);
            }
        }
    }

    /** A poll of 750,000 entries (4.5 MB, over gRPC's default 4 MiB) is legal once RLIMIT_NOFILE allows it: it is served. */
    @Test
    void aLegalPollLargerThanGrpcsDefaultLimitIsServed() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("bigpoll"))) {
            t.setrlimit(Resource.RLIMIT_NOFILE, Resource.NR_OPEN, Resource.NR_OPEN);
            int n = 750_000;
            PollResult r = t.poll(Collections.nCopies(n, new PollFd(1, Poll.POLLOUT)), 0);
            assertEquals(n, r.ready());
        }
    }

    /** vk up's kernel (here the fixture's, started the same way) listens on 127.0.0.1 only, every port of every layer and the broker's. */
    @Test
    void everyPortListensOnLoopbackOnly() throws Exception {
        Kernel k = KernelFixture.kernel();
        int b = k.basePort();
        List<Integer> ports = new ArrayList<>();
        for (Layer l : Layer.values()) {
            ports.add(l.port(b));
            if (l != Layer.KAFKA) {
                ports.add(l.httpPort(b));
            }
        }
        List<String> listening = listeners(ports);
        assertEquals(ports.size(), listening.stream().map(s -> s.split(" ")[0]).distinct().count(), "every port listens: " + listening);
        for (String l : listening) {
            String addr = l.split(" ")[1];
            // 127.0.0.1, ::1, or ::ffff:127.0.0.1 (the broker's localhost on a dual-stack socket)
            assertTrue(addr.equals("0100007F") || addr.equals("00000000000000000000000001000000")
                    || addr.equals("0000000000000000FFFF00000100007F"),
                    "port " + l.split(" ")[0] + " listens on " + addr + ", not loopback: " + listening);
        }
        // The listening address says it all; no connection is tried on a non-loopback
        // address (tests send traffic to loopback only).
    }

    /** LISTEN sockets of /proc/net/tcp and tcp6 on these ports, as "PORT HEXADDR". */
    private static List<String> listeners(List<Integer> ports) throws IOException {
        List<String> out = new ArrayList<>();
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(f);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] col = line.trim().split("\\s+");
                if (col.length < 4 || !col[3].equals("0A") || !col[1].contains(":")) {
                    continue;
                }
                String[] local = col[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (ports.contains(port)) {
                    out.add(port + " " + local[0]);
                }
            }
        }
        return out;
    }
}
