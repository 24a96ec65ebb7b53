package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import vkernel.contract.Resend;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.socket.v1.AcceptRequest;
import vkernel.socket.v1.BindRequest;
import vkernel.socket.v1.ConnectRequest;
import vkernel.socket.v1.GetsocknameRequest;
import vkernel.socket.v1.ListenRequest;
import vkernel.socket.v1.RecvmsgRequest;
import vkernel.socket.v1.RecvmsgResponse;
import vkernel.socket.v1.SendmsgRequest;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.socket.v1.SocketServiceGrpc.SocketServiceBlockingStub;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * A layer killed with SIGKILL and started again is a pause: socket-service's sockets
 * (a TCP connection, both ends, with bytes queued each way; a netlink socket) all work
 * after its restart, a socket() issued while it is down completes once it is back; and a
 * socket() that socket-service hands to inet-service while inet-service restarts answers
 * once inet is back, with an fd, not a gRPC status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocketRestartTest {
    private static final int PORT = 7070;
    private static Kernel kernel;
    private static RawKernelClient c;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelFixture.start(Map.of());
        c = new RawKernelClient(KernelEndpoint.of(kernel));
    }

    @AfterAll
    static void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    @Order(1)
    void everySocketWorksAfterSocketServiceIsKilledAndRestarted() throws Exception {
        SpawnResponse task = c.spawn("sock-restart");
        Supplier<SocketServiceBlockingStub> s = () -> c.sockets(task.getToken());
        ByteString local = ByteString.copyFrom(SockAddr.inet("127.0.0.1", PORT).bytes());

        int listener = fd(s.get().socket(inet()));
        assertEquals(0, s.get().bind(BindRequest.newBuilder().setFd(listener).setAddr(local).build()).getRet());
        assertEquals(0, s.get().listen(ListenRequest.newBuilder().setFd(listener).setBacklog(4).build()).getRet());
        int client = fd(s.get().socket(inet()));
        assertEquals(0, s.get().connect(ConnectRequest.newBuilder().setFd(client).setAddr(local).build()).getRet());
        int server = (int) s.get().accept(AcceptRequest.newBuilder().setFd(listener).build()).getRet();
        assertTrue(server > 0, "accept");
        send(s.get(), client, "queued before the kill, client to server");
        send(s.get(), server, "and server to client");
        int nl = fd(s.get().socket(SocketRequest.newBuilder().setDomain(Socket.AF_NETLINK).setType(Socket.SOCK_RAW)
                .setProtocol(Netlink.NETLINK_ROUTE).build()));
        assertEquals(0, s.get().bind(BindRequest.newBuilder().setFd(nl)
                .setAddr(ByteString.copyFrom(SockAddr.netlink(0, 0).bytes())).build()).getRet());
        ByteString clientName = name(s.get(), client);
        ByteString nlName = name(s.get(), nl);

        kernel.killLayer(Layer.SOCKET);
        // Issued while socket-service is down: the client retries UNAVAILABLE (as the SDK will).
        AtomicInteger refused = new AtomicInteger();
        CompletableFuture<SocketResponse> duringDowntime = CompletableFuture.supplyAsync(
                () -> retryUnavailable(() -> s.get().socket(SocketRequest.newBuilder().setDomain(Socket.AF_INET)
                        .setType(Socket.SOCK_DGRAM).build()), refused));
        Thread.sleep(500);
        long t0 = System.nanoTime();
        kernel.restartLayer(Layer.SOCKET);
        System.out.printf("socket-service ready %d ms after its start%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        SocketResponse late = duringDowntime.get(60, TimeUnit.SECONDS);
        assertTrue(refused.get() > 0, "the call was issued while socket-service was down");
        assertEquals(Errno.ERRNO_UNSPECIFIED, late.getErrno());
        assertEquals(nl + 1, late.getRet(), "the lowest free fd");

        assertEquals("queued before the kill, client to server", recv(s.get(), server));
        assertEquals("and server to client", recv(s.get(), client));
        send(s.get(), client, "after the restart");
        assertEquals("after the restart", recv(s.get(), server));
        assertEquals(clientName, name(s.get(), client));
        assertEquals(nlName, name(s.get(), nl));
        for (int fd : new int[] {client, server, listener, nl, (int) late.getRet()}) {
            assertEquals(0, c.close(task.getToken(), fd), "close " + fd);
        }
        c.exit(task.getToken());
        assertEquals(0, TcpBulkTest.tableSize(kernel, Layer.SOCKET, "sockets"), "sockets left in socket-service");
    }

    @Test
    @Order(2)
    void aSocketCallToInetServiceWaitsThroughItsRestart() throws Exception {
        SpawnResponse task = c.spawn(SpawnRequest.newBuilder().setComm("inet-restart").setUnshareNet(true).build());
        kernel.killLayer(Layer.INET);
        long killed = System.nanoTime();
        // socket-service still holds inet's registration (its lease has not lapsed): the
        // create it hands to inet is refused (connection refused) and tried again.
        CompletableFuture<SocketResponse> call = CompletableFuture.supplyAsync(
                () -> c.sockets(task.getToken()).withDeadlineAfter(120, TimeUnit.SECONDS).socket(inet()));
        Thread.sleep(300);
        long restarting = System.nanoTime();
        kernel.restartLayer(Layer.INET);
        SocketResponse r = call.get(120, TimeUnit.SECONDS);
        long answered = System.nanoTime();
        System.out.printf("socket() answered %d ms after inet-service was killed%n", TimeUnit.NANOSECONDS.toMillis(answered - killed));

        assertEquals(Errno.ERRNO_UNSPECIFIED, r.getErrno());
        assertEquals(3, r.getRet());
        assertTrue(answered > restarting, "answered by the restarted inet-service");
        // The socket works: it is the new instance's.
        SocketServiceBlockingStub s = c.sockets(task.getToken());
        assertEquals(0, s.bind(BindRequest.newBuilder().setFd(3)
                .setAddr(ByteString.copyFrom(SockAddr.inet("127.0.0.1", PORT).bytes())).build()).getRet());
        assertEquals(ByteString.copyFrom(SockAddr.inet("127.0.0.1", PORT).bytes()), name(s, 3));
        assertEquals(0, c.close(task.getToken(), 3));
        c.exit(task.getToken());
    }

    /**
     * A graceful stop cancels the calls socket-service is serving, and with them its call
     * to inet-service for a blocked recv: that is no signal to the task. The recv blocks on
     * through the restart (ERESTARTSYS) and receives what is sent after it, never EINTR.
     */
    @Test
    @Order(3)
    void aRecvBlockedWhileSocketServiceStopsGracefullyBlocksOn() throws Exception {
        try (VKernel k = VKernel.connect(kernel.address(), kernel.adminSecret())) {
            Task task = k.spawn(SpawnOptions.named("graceful").newNetnsWithLoopback());
            int listener = task.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            task.bind(listener, SockAddr.inet("127.0.0.1", PORT));
            task.listen(listener, 4);
            int client = task.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            task.connect(client, SockAddr.inet("127.0.0.1", PORT));
            int server = task.accept(listener).fd();
            CompletableFuture<Received> blocked = CompletableFuture.supplyAsync(() -> task.recv(server, 100, 0));
            Thread.sleep(500); // the recv waits in inet-service
            kernel.stopLayer(Layer.SOCKET);
            kernel.restartLayer(Layer.SOCKET);
            assertEquals(5, task.send(client, "after".getBytes(), 0));
            Received r = blocked.get(60, TimeUnit.SECONDS);
            assertEquals("after", new String(r.data()));
            for (int fd : new int[] {client, server, listener}) {
                task.close(fd);
            }
            task.exit(0);
        }
    }

    private static SocketRequest inet() {
        return SocketRequest.newBuilder().setDomain(Socket.AF_INET).setType(Socket.SOCK_STREAM).build();
    }

    private static int fd(SocketResponse r) {
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.getErrno(), "socket");
        return (int) r.getRet();
    }

    private static void send(SocketServiceBlockingStub s, int fd, String text) {
        ByteString data = ByteString.copyFromUtf8(text);
        assertEquals(data.size(), s.sendmsg(SendmsgRequest.newBuilder().setFd(fd).setData(data).build()).getRet(), "send");
    }

    private static String recv(SocketServiceBlockingStub s, int fd) {
        RecvmsgResponse r = s.recvmsg(RecvmsgRequest.newBuilder().setFd(fd).setLen(4096).build());
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.getErrno(), "recv");
        return r.getData().toStringUtf8();
    }

    private static ByteString name(SocketServiceBlockingStub s, int fd) {
        var r = s.getsockname(GetsocknameRequest.newBuilder().setFd(fd).build());
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.getErrno(), "getsockname");
        return r.getAddr();
    }

    /**
     * What the SDK's retry does ({@link Resend#connectionLost}): UNAVAILABLE (the layer down or
     * restoring) is tried again with a fresh connection attempt, and so is the UNKNOWN "channel
     * closed" of a call that went out on the killed layer's connection before the channel saw it
     * drop.
     */
    private static <T> T retryUnavailable(Supplier<T> call, AtomicInteger refused) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (!Resend.connectionLost(e.getStatus()) || System.nanoTime() > giveUp) {
                    throw e;
                }
                refused.incrementAndGet();
                c.socketChannel().resetConnectBackoff();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
