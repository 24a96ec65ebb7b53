package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.EpollEvent;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Epoll;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Resource;
import vkernel.uapi.Socket;
import vkernel.vfs.v1.CloseRequest;
import vkernel.vfs.v1.FcntlRequest;
import vkernel.vfs.v1.FdInfo;
import vkernel.vfs.v1.GetrlimitRequest;
import vkernel.vfs.v1.GetrlimitResponse;
import vkernel.vfs.v1.ListFdsRequest;
import vkernel.vfs.v1.SetrlimitRequest;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * vfs-service killed with SIGKILL and started again: its tasks, fd tables, files and
 * limits come back from its state topic, the tasks' tokens still work, no pid is
 * handed out twice, and a kernel whose state is gone refuses every token it minted.
 */
class VfsRestartTest {
    private static Kernel kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelFixture.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    void tasksAndTheirFdsOutliveSigkill() throws Exception {
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse a = c.spawn(SpawnRequest.newBuilder().setComm("survivor").setUid(1000).setGid(1000).build());
            SpawnResponse gone = c.spawn(SpawnRequest.newBuilder().setComm("gone").setUid(1000).setGid(1000).build());
            String token = a.getToken();
            int sock = (int) c.socket(token, Socket.AF_INET, Socket.SOCK_STREAM, 0).getRet();
            int dup = (int) c.files(token).fcntl(FcntlRequest.newBuilder().setFd(sock).setCmd(Fcntl.F_DUPFD_CLOEXEC).setArg(10).build()).getRet();
            c.files(token).fcntl(FcntlRequest.newBuilder().setFd(sock).setCmd(Fcntl.F_SETFL).setArg(Fcntl.O_NONBLOCK).build());
            c.process(token).setrlimit(SetrlimitRequest.newBuilder().setResource(Resource.RLIMIT_NOFILE).setSoft(64).setHard(128).build());
            c.exit(gone.getToken());
            List<FdInfo> before = c.files(token).listFds(ListFdsRequest.getDefaultInstance()).getFdsList();

            kernel.killLayer(Layer.VFS);
            kernel.restartLayer(Layer.VFS);

            assertEquals(before, c.files(token).listFds(ListFdsRequest.getDefaultInstance()).getFdsList(),
                    "every fd with its inode, flags, close-on-exec bit and f_count");
            GetrlimitResponse nofile = c.process(token).getrlimit(GetrlimitRequest.newBuilder().setResource(Resource.RLIMIT_NOFILE).build());
            assertEquals(64, nofile.getSoft());
            assertEquals(128, nofile.getHard());
            StatusRuntimeException exited = assertThrows(StatusRuntimeException.class,
                    () -> c.files(gone.getToken()).listFds(ListFdsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, exited.getStatus().getCode(), "an exited task stays exited");

            SpawnResponse next = c.spawn(SpawnRequest.newBuilder().setComm("next").setUid(1000).setGid(1000).build());
            assertTrue(next.getPid() > gone.getPid(), "pid " + next.getPid() + " after " + gone.getPid());
            // The socket still works end to end: socket-service's Fget reaches the restored fd.
            assertEquals(0, c.sockets(token).listen(vkernel.socket.v1.ListenRequest.newBuilder().setFd(sock).setBacklog(1).build()).getRet());
            assertEquals(0, c.close(token, dup));
            assertEquals(0, c.close(token, sock));
            assertEquals(Errno.ERRNO_EBADF, c.files(token).close(CloseRequest.newBuilder().setFd(sock).build()).getErrno());
            c.exit(token);
            c.exit(next.getToken());
        }
    }

    /**
     * An epoll file and its items are vfs's state too: after a SIGKILL of vfs the epoll
     * reports its level-triggered socket again, with its data, and a disabled oneshot item
     * stays disabled.
     */
    @Test
    void anEpollAndItsItemsOutliveSigkill() throws Exception {
        try (VKernel vk = VKernel.connect(kernel.address(), kernel.adminSecret());
                Task t = vk.spawn(SpawnOptions.named("epoll-survivor").uid(1000))) {
            int a = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            int b = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            int ep = t.epollCreate1(0);
            t.epollCtl(ep, Epoll.EPOLL_CTL_ADD, a, new EpollEvent(Epoll.EPOLLOUT, 41));
            t.epollCtl(ep, Epoll.EPOLL_CTL_ADD, b,
                    new EpollEvent(Epoll.EPOLLOUT | Epoll.EPOLLONESHOT, 42));
            List<Long> first = t.epollWait(ep, 8, 0).stream().map(EpollEvent::data).toList();
            assertEquals(List.of(41L, 42L), first);

            kernel.killLayer(Layer.VFS);
            kernel.restartLayer(Layer.VFS);

            List<Long> after = t.epollWait(ep, 8, 0).stream().map(EpollEvent::data).toList();
            assertEquals(List.of(41L), after, "the level-triggered item again, the oneshot one still disabled");
        }
    }

    /**
     * A vfs restarted while the socket layer is away too still names the socket layer's
     * address in uname (the registration it restored), so a client that connects then waits
     * for socket-service as for any restarting layer: its socket() answers once the layer is
     * back, never ENOSYS (no socket layer).
     */
    @Test
    void aClientConnectingToARestartedVfsFindsTheSocketLayerBeforeItRenews() throws Exception {
        String socketLayer;
        try (VKernel before = VKernel.connect(kernel.address(), kernel.adminSecret())) {
            socketLayer = before.uname().socketAddress();
        }
        kernel.stopLayer(Layer.SOCKET);
        kernel.killLayer(Layer.VFS);
        kernel.startLayer(Layer.VFS); // not ready until sockfs is registered again
        try (VKernel k = connectWhenListening()) {
            assertEquals(socketLayer, k.uname().socketAddress(), "the restored registration, before any renewal");
            kernel.restartLayer(Layer.SOCKET);
            kernel.awaitReady(Layer.VFS);
            try (Task t = k.spawn(SpawnOptions.named("after-vfs"))) {
                assertEquals(3, t.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0));
            }
        } finally {
            if (!kernel.isReady(Layer.SOCKET)) {
                kernel.restartLayer(Layer.SOCKET);
            }
        }
    }

    /** connect fails at once while nothing listens (a wrong address), and waits while the layer restores. */
    private static VKernel connectWhenListening() throws Exception {
        for (int i = 0; ; i++) {
            try {
                return VKernel.connect(kernel.address(), kernel.adminSecret());
            } catch (vkernel.sdk.KernelTransportException notYet) {
                if (i >= 600) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aKernelWhoseStateIsGoneRefusesTheTokensItMinted() throws Exception {
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse old = c.spawn(SpawnRequest.newBuilder().setComm("old").setUid(1000).setGid(1000).build());
            kernel.stopLayer(Layer.VFS);
            deleteTopic("vkernel.vfs.state");
            kernel.restartLayer(Layer.VFS);

            SpawnResponse fresh = c.spawn(SpawnRequest.newBuilder().setComm("fresh").setUid(1000).setGid(1000).build());
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> c.files(old.getToken()).listFds(ListFdsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode(),
                    "the old token names pid " + old.getPid() + " of a lost kernel; the new task has pid " + fresh.getPid());
            // Not through another layer either: socket() with the old token reaches vfs with its generation.
            var viaSocket = c.sockets(old.getToken()).socket(vkernel.socket.v1.SocketRequest.newBuilder()
                    .setDomain(Socket.AF_INET).setType(Socket.SOCK_DGRAM).build());
            assertEquals(-1, viaSocket.getRet());
            assertEquals(3, c.socket(fresh.getToken(), Socket.AF_INET, Socket.SOCK_DGRAM, 0).getRet(),
                    "the new task's fd 3 is still free: the old token made nothing in its table");
            c.exit(fresh.getToken());
        }
    }

    @Test
    void aCallSentAgainAfterTheRestartIsAnsweredAsItWasAndRunsOnce() throws Exception {
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse a = c.spawn(SpawnRequest.newBuilder().setComm("retry").setUid(1000).setGid(1000).build());
            int sock = (int) c.socket(a.getToken(), Socket.AF_INET, Socket.SOCK_DGRAM, 0).getRet();
            io.grpc.Metadata first = callId("4242");
            assertEquals(0, c.files(a.getToken(), first).close(CloseRequest.newBuilder().setFd(sock).build()).getRet());
            assertEquals(0, c.files(a.getToken(), first).close(CloseRequest.newBuilder().setFd(sock).build()).getRet(),
                    "the same call again: its answer, not EBADF");

            kernel.killLayer(Layer.VFS);
            kernel.restartLayer(Layer.VFS);

            assertEquals(0, c.files(a.getToken(), first).close(CloseRequest.newBuilder().setFd(sock).build()).getRet(),
                    "after the restart too: the close ran once, its answer was recorded with it");
            assertEquals(Errno.ERRNO_EBADF, c.files(a.getToken(), callId("4243")).close(CloseRequest.newBuilder().setFd(sock).build())
                    .getErrno(), "a new call runs");
            c.exit(a.getToken());
        }
    }

    private static io.grpc.Metadata callId(String seq) {
        io.grpc.Metadata md = new io.grpc.Metadata();
        md.put(io.grpc.Metadata.Key.of("vkernel-call", io.grpc.Metadata.ASCII_STRING_MARSHALLER), seq);
        return md;
    }

    private static void deleteTopic(String topic) throws Exception {
        Properties p = kernel.kafkaClient("admin");
        try (Admin admin = Admin.create(p)) {
            admin.deleteTopics(List.of(topic)).all().get();
            while (admin.listTopics().names().get().contains(topic)) {
                Thread.sleep(100); // deletion completes in the broker's own time
            }
        }
    }
}
