package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_DGRAM;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/** /q/metrics moves with the calls made; /q/health/ready follows the families' registrations. */
class HealthAndMetricsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void syscallCountersMoveByErrno() throws Exception {
        Kernel k = KernelFixture.kernel();
        double okBefore = counter(k, "socket", "0");
        double badBefore = counter(k, "socket", "EAFNOSUPPORT");
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("metrics").unshareNet(true))) { // no lo up: its ip task would count a socket()
            for (int i = 0; i < 3; i++) {
                t.close(t.socket(AF_INET, SOCK_DGRAM, 0));
            }
            try {
                t.socket(12345, SOCK_DGRAM, 0);
            } catch (ErrnoException expected) {
                assertEquals("EAFNOSUPPORT", expected.errnoName());
            }
        }
        assertEquals(okBefore + 3, counter(k, "socket", "0"));
        assertEquals(badBefore + 1, counter(k, "socket", "EAFNOSUPPORT"));
    }

    @Test
    void readinessGoesDownWithAFamilyServiceAndUpWhenItIsBack() throws Exception {
        Kernel k = KernelFixture.kernel();
        assertTrue(k.isReady(Layer.SOCKET));
        k.stopLayer(Layer.INET);
        try {
            // unregistered at shutdown, or at the latest when its lease lapses
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (k.isReady(Layer.SOCKET) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(!k.isReady(Layer.SOCKET), "socket-service is not ready without AF_INET");
        } finally {
            k.restartLayer(Layer.INET);
        }
        k.awaitReady(Layer.SOCKET);
        assertTrue(k.isReady(Layer.SOCKET));
    }

    @Test
    void theLastExitOfANamespaceReachesInetServiceAndItsTablesEmpty() throws Exception {
        Kernel k = KernelFixture.kernel();
        double netsBefore;
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task t = kernel.spawn(SpawnOptions.named("pernet").newNetnsWithLoopback())) {
            t.socket(vkernel.uapi.Socket.AF_INET, vkernel.uapi.Socket.SOCK_STREAM, 0);
            t.socket(vkernel.uapi.Socket.AF_INET, vkernel.uapi.Socket.SOCK_DGRAM, 0);
            netsBefore = TableSizes.of(k, Layer.INET, "netns");
            assertTrue(netsBefore >= 1, "the task's namespace is in inet-service");
        }
        // exit closed both sockets and, as the namespace's last task, ran its pernet exit
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (TableSizes.of(k, Layer.INET, "netns") > netsBefore - 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(TableSizes.of(k, Layer.INET, "netns") <= netsBefore - 1, "the namespace is gone from inet-service");
    }

    /** vkernel_syscall_answers_total for socket-service's syscall and errno (0 if never seen). */
    private double counter(Kernel k, String syscall, String errno) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + Layer.SOCKET.httpPort(k.basePort())
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Pattern p = Pattern.compile("^vkernel_syscall_answers_total\\{([^}]*)\\} ([0-9.E]+)$", Pattern.MULTILINE);
        Matcher m = p.matcher(body);
        double total = 0;
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("syscall=\"" + syscall + "\"") && labels.contains("errno=\"" + errno + "\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
