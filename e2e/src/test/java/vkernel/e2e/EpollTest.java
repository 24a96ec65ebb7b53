package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static vkernel.uapi.Epoll.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vkernel.launcher.Kernel;
import vkernel.sdk.EpollEvent;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Socket;

/**
 * Issue 13: epoll on vfs-service over real sockets of inet-service: a listener reported
 * when a connection waits, edge-triggered data reported once per arrival (inet's wake-up
 * count), a sleeping epoll_wait woken by a datagram, EPOLLONESHOT re-armed by MOD.
 */
class EpollTest {
    @Test
    void aListenerIsReportedWhenAConnectionWaitsAndEdgeTriggeredDataOncePerArrival() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task server = kernel.spawn(SpawnOptions.named("epoll-server").uid(1000));
                Task client = kernel.spawn(SpawnOptions.named("epoll-client").uid(1000))) {
            int ls = server.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            server.bind(ls, SockAddr.inet("127.0.0.1", 0));
            server.listen(ls, 4);
            int ep = server.epollCreate1(EPOLL_CLOEXEC);
            server.epollCtl(ep, EPOLL_CTL_ADD, ls, new EpollEvent(EPOLLIN, 1));
            assertEquals(List.of(), server.epollWait(ep, 8, 0));

            int c = client.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            client.connect(c, server.getsockname(ls));
            assertEquals(List.of(new EpollEvent(EPOLLIN, 1)), server.epollWait(ep, 8, 5000));
            int conn = server.accept(ls).fd();
            server.epollCtl(ep, EPOLL_CTL_ADD, conn, new EpollEvent(EPOLLIN | EPOLLRDHUP | EPOLLET, 2));
            assertEquals(List.of(), server.epollWait(ep, 8, 0), "nothing queued: no edge, the listener drained");

            client.send(c, "a".getBytes(), 0);
            assertEquals(List.of(new EpollEvent(EPOLLIN, 2)), server.epollWait(ep, 8, 5000));
            assertEquals(List.of(), server.epollWait(ep, 8, 100), "still readable, but no new data: no new edge");
            client.send(c, "b".getBytes(), 0);
            assertEquals(List.of(new EpollEvent(EPOLLIN, 2)), server.epollWait(ep, 8, 5000));
            assertEquals("ab", new String(server.recv(conn, 10, 0).data()));

            client.shutdown(c, Socket.SHUT_WR);
            assertEquals(List.of(new EpollEvent(EPOLLIN | EPOLLRDHUP, 2)), server.epollWait(ep, 8, 5000));
            server.close(ep);
        }
    }

    /** vk script has the epoll calls: epoll_wait prints N, then each event as EVENTS:DATA. */
    @Test
    void vkScriptMakesEpollCalls(@TempDir Path dir) throws Exception {
        Path scn = dir.resolve("epoll.scn");
        Files.writeString(scn, String.join("\n",
                "spawn a",
                "a socket AF_INET SOCK_DGRAM 0",
                "a epoll_create1 EPOLL_CLOEXEC",
                "a epoll_ctl 4 EPOLL_CTL_ADD 3 EPOLLOUT 7",
                "a epoll_ctl 4 EPOLL_CTL_ADD 3 EPOLLOUT 7",
                "a epoll_wait 4 8 0",
                "a epoll_ctl 4 EPOLL_CTL_MOD 3 EPOLLIN|EPOLLOUT|EPOLLET 9",
                "a epoll_wait 4 8 0",
                "a epoll_wait 4 8 0",
                "a epoll_ctl 4 EPOLL_CTL_DEL 3 0 0",
                "a epoll_wait 4 8 50",
                "a epoll_wait 3 8 0",
                ""));
        assertEquals(String.join("\n",
                "2: a socket AF_INET SOCK_DGRAM 0 = 3",
                "3: a epoll_create1 EPOLL_CLOEXEC = 4",
                "4: a epoll_ctl 4 EPOLL_CTL_ADD 3 EPOLLOUT 7 = 0",
                "5: a epoll_ctl 4 EPOLL_CTL_ADD 3 EPOLLOUT 7 = -1 EEXIST",
                "6: a epoll_wait 4 8 0 = 1 EPOLLOUT:7",
                "7: a epoll_ctl 4 EPOLL_CTL_MOD 3 EPOLLIN|EPOLLOUT|EPOLLET 9 = 0",
                "8: a epoll_wait 4 8 0 = 1 EPOLLOUT:9",
                "9: a epoll_wait 4 8 0 = 0",
                "10: a epoll_ctl 4 EPOLL_CTL_DEL 3 0 0 = 0",
                "11: a epoll_wait 4 8 50 = 0",
                "12: a epoll_wait 3 8 0 = -1 EINVAL",
                ""), VkCommand.vk(KernelFixture.kernel(), "script", scn.toString()));
    }

    @Test
    void aSleepingEpollWaitIsWokenByADatagramAndAOneshotItemWaitsForMod() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("epoll-udp").uid(1000));
                Task peer = kernel.spawn(SpawnOptions.named("epoll-peer").uid(1000))) {
            int s = t.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            t.bind(s, SockAddr.inet("127.0.0.1", 0));
            int ep = t.epollCreate(1);
            t.epollCtl(ep, EPOLL_CTL_ADD, s, new EpollEvent(EPOLLIN | EPOLLONESHOT, 0x1_0000_0007L));
            CompletableFuture<List<EpollEvent>> sleeping = CompletableFuture.supplyAsync(() -> t.epollWait(ep, 8, 30_000));
            Thread.sleep(300);
            assertFalse(sleeping.isDone(), "nothing to read yet");
            int tx = peer.socket(Socket.AF_INET, Socket.SOCK_DGRAM, 0);
            peer.sendto(tx, "x".getBytes(), 0, t.getsockname(s));
            assertEquals(List.of(new EpollEvent(EPOLLIN, 0x1_0000_0007L)), sleeping.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(), t.epollWait(ep, 8, 0), "a oneshot item is disabled after its report");
            t.epollCtl(ep, EPOLL_CTL_MOD, s, new EpollEvent(EPOLLIN | EPOLLOUT, 8));
            assertEquals(List.of(new EpollEvent(EPOLLIN | EPOLLOUT, 8)), t.epollWait(ep, 8, 0));
        }
    }
}
