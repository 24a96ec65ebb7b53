package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.socket.v1.SocketRequest;
import vkernel.socket.v1.SocketResponse;
import vkernel.socket.v1.SocketServiceGrpc;
import vkernel.testkit.KernelEndpoint;
import vkernel.testkit.RawKernelClient;
import vkernel.uapi.Netlink;
import vkernel.uapi.Socket;
import vkernel.vfs.v1.CloseRequest;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;

/**
 * A family whose service is gone is a module that is not loaded: socket() for it gives
 * EAFNOSUPPORT while the other families keep working, and it works again as soon as
 * the service is back — with no step by hand.
 */
class FamilyRestartTest {
    @Test
    void stoppingInetServiceUnloadsOnlyAfInet() throws Exception {
        Kernel kernel = KernelFixture.kernel();
        try (RawKernelClient c = new RawKernelClient(KernelEndpoint.of(kernel))) {
            SpawnResponse task = c.spawn(SpawnRequest.newBuilder().setComm("restart").setUnshareNet(true).build());
            Supplier<SocketServiceGrpc.SocketServiceBlockingStub> sockets = () -> c.sockets(task.getToken(), null);
            SocketRequest inet = SocketRequest.newBuilder().setDomain(Socket.AF_INET).setType(Socket.SOCK_STREAM).build();
            SocketRequest netlink = SocketRequest.newBuilder().setDomain(Socket.AF_NETLINK).setType(Socket.SOCK_RAW)
                    .setProtocol(Netlink.NETLINK_ROUTE).build();

            assertFd(sockets.get().socket(inet), 3);
            kernel.stopLayer(Layer.INET);
            try {
                SocketResponse gone = sockets.get().socket(inet);
                assertEquals(-1, gone.getRet());
                assertEquals(Errno.ERRNO_EAFNOSUPPORT, gone.getErrno());
                assertFd(sockets.get().socket(netlink), 4);
            } finally {
                kernel.restartLayer(Layer.INET);
            }
            // Registered again by itself: the next AF_INET socket takes the lowest free fd.
            assertFd(sockets.get().socket(inet), 5);
            assertEquals(0, c.files(task.getToken()).close(CloseRequest.newBuilder().setFd(5).build()).getRet());
            c.exit(task.getToken());
        }
    }

    private static void assertFd(SocketResponse r, int fd) {
        assertEquals(Errno.ERRNO_UNSPECIFIED, r.getErrno(), "errno");
        assertEquals(fd, r.getRet());
    }
}
