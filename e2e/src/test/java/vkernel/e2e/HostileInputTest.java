package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.ProtoOpsServiceGrpc;
import vkernel.net.v1.SendmsgRequest;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.PollFd;
import vkernel.sdk.PollResult;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Netlink;
import vkernel.uapi.Poll;
import vkernel.uapi.Resource;
import vkernel.uapi.Socket;

/** Issue 11: what a hostile user sends is bounded by the transport of every layer, and the kernel listens on loopback only. */
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

    /**
     * socket-service and inet-service take 16 MiB of data: a UDP datagram of 12 MiB (over
     * gRPC's default 4 MiB) passes every layer, sent or written, and is answered as Linux
     * answers it (EMSGSIZE, udp_sendmsg); the SDK sends more than 8 MiB in pieces, so a
     * 17 MiB datagram gets the same EMSGSIZE; 17 MiB in one request is refused by inet's
     * transport, and both serve the next datagram.
     */
    @Test
    void socketAndInetTakeSixteenMibAndRefuseMoreAndKeepServing() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("bigsend").uid(1000))) {
            int rx = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            t.bind(rx, SockAddr.inet("127.0.0.1", 0));
            SockAddr to = t.getsockname(rx);
            int tx = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            t.connect(tx, to);
            assertErrno(Errno.ERRNO_EMSGSIZE, () -> t.sendto(tx, new byte[12 * MIB], 0, to));
            assertErrno(Errno.ERRNO_EMSGSIZE, () -> t.write(tx, new byte[12 * MIB]));
            assertErrno(Errno.ERRNO_EMSGSIZE, () -> t.sendto(tx, new byte[17 * MIB], 0, to));
            assertRefusedByTransport(k, Layer.INET, 17 * MIB);
            assertEquals(2, t.send(tx, "ok".getBytes(), 0));
            assertEquals("ok", new String(t.recv(rx, 100, 0).data()));
        }
    }

    /**
     * netlink-service takes 8 MiB: a 6 MiB message (over gRPC's default) reaches
     * netlink_sendmsg, which refuses it as longer than sk_sndbuf (EMSGSIZE); 9 MiB from the
     * SDK (in pieces) gets the same, and 9 MiB in one request is refused by its transport;
     * it then serves the next socket.
     */
    @Test
    void netlinkTakesEightMibAndRefusesMoreAndKeepsServing() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("bignl").uid(1000))) {
            int nl = t.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
            assertErrno(Errno.ERRNO_EMSGSIZE, () -> t.send(nl, new byte[6 * MIB], 0));
            assertErrno(Errno.ERRNO_EMSGSIZE, () -> t.send(nl, new byte[9 * MIB], 0));
            assertRefusedByTransport(k, Layer.NETLINK, 9 * MIB);
            int next = t.socket(Socket.AF_NETLINK, Socket.SOCK_RAW, Netlink.NETLINK_ROUTE);
            assertTrue(next > nl);
        }
    }

    private static void assertErrno(Errno expected, Runnable call) {
        ErrnoException e = assertThrows(ErrnoException.class, call::run);
        assertEquals(expected, e.errno(), e.toString());
    }

    /** A family's sendmsg of size bytes, from a caller holding the kernel's credential, as socket-service calls it. */
    private static void assertRefusedByTransport(Kernel k, Layer layer, int size) throws Exception {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", layer.port(k.basePort())).usePlaintext().build();
        try {
            Metadata m = new Metadata();
            m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + k.adminSecret());
            ProtoOpsServiceGrpc.ProtoOpsServiceBlockingStub family = ProtoOpsServiceGrpc.newBlockingStub(ch)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m)).withDeadlineAfter(30, TimeUnit.SECONDS);
            SendmsgRequest req = SendmsgRequest.newBuilder().setSock(1).setData(ByteString.copyFrom(new byte[size])).build();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> family.sendmsg(req));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), layer + ": " + e.getStatus());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
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
