package vkernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.uapi.Socket.AF_INET;
import static vkernel.uapi.Socket.SOCK_STREAM;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vkernel.launcher.Kernel;
import vkernel.launcher.Layer;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * 100 connections at once, each carrying 1 MiB: every byte arrives, in order (SHA-256
 * of both ends), and once the tasks have exited no layer holds anything of them.
 */
class TcpBulkTest {
    private static final int CONNECTIONS = 100;
    private static final int BYTES = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final int PORT = 9100;

    @Test
    void hundredConcurrentConnectionsCarryOneMebibyteEach() throws Exception {
        Kernel k = KernelFixture.kernel();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret())) {
            Task server = kernel.spawn(SpawnOptions.named("bulk-server").newNetnsWithLoopback());
            server.setrlimit(vkernel.uapi.Resource.RLIMIT_NOFILE, 4096, 4096);
            int listener = server.socket(AF_INET, SOCK_STREAM, 0);
            server.bind(listener, SockAddr.inet("127.0.0.1", PORT));
            server.listen(listener, CONNECTIONS);
            List<Task> clients = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS);
            try {
                List<Future<byte[]>> sent = new ArrayList<>();
                List<Future<byte[]>> received = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    Task client = kernel.spawn(SpawnOptions.named("bulk-client-" + i).joinNetns(server.netns()));
                    clients.add(client);
                    int seed = i;
                    sent.add(pool.submit(() -> sendOneMebibyte(client, seed)));
                    received.add(pool.submit(() -> receiveOneMebibyte(server, server.accept(listener).fd())));
                }
                List<String> out = new ArrayList<>();
                List<String> in = new ArrayList<>();
                for (int i = 0; i < CONNECTIONS; i++) {
                    out.add(hex(sent.get(i).get(5, TimeUnit.MINUTES)));
                    in.add(hex(received.get(i).get(5, TimeUnit.MINUTES)));
                }
                // accept order need not be connect order: compare as sets of digests
                assertEquals(out.stream().sorted().toList(), in.stream().sorted().toList());
            } finally {
                pool.shutdownNow();
                for (Task c : clients) {
                    c.close();
                }
                server.close();
            }
        }
        assertEquals(0, tableSize(k, Layer.VFS, "tasks"), "tasks left in vfs-service");
        assertEquals(0, tableSize(k, Layer.SOCKET, "sockets"), "sockets left in socket-service");
    }

    /** Issue 11: one send(2) of more than a request carries is one call to its user, as on Linux. */
    @Test
    void oneSendOfTwentyMebibytesIsTakenWholeAndArrivesInOrder() throws Exception {
        Kernel k = KernelFixture.kernel();
        byte[] data = new byte[20 << 20];
        new Random(20).nextBytes(data);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (VKernel kernel = VKernel.connect(k.address(), k.adminSecret());
                Task server = kernel.spawn(SpawnOptions.named("big-send-server").newNetnsWithLoopback());
                Task client = kernel.spawn(SpawnOptions.named("big-send-client").joinNetns(server.netns()))) {
            int listener = server.socket(AF_INET, SOCK_STREAM, 0);
            server.bind(listener, SockAddr.inet("127.0.0.1", PORT + 1));
            server.listen(listener, 1);
            int fd = client.socket(AF_INET, SOCK_STREAM, 0);
            client.connect(fd, SockAddr.inet("127.0.0.1", PORT + 1));
            int accepted = server.accept(listener).fd();
            Future<byte[]> received = pool.submit(() -> {
                java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
                for (Received r = server.recv(accepted, 1 << 20, 0); r.n() > 0; r = server.recv(accepted, 1 << 20, 0)) {
                    in.write(r.data());
                }
                return in.toByteArray();
            });
            assertEquals(data.length, client.send(fd, data, 0), "one send, every byte taken");
            client.close(fd);
            byte[] in = received.get(5, TimeUnit.MINUTES);
            assertEquals(hex(MessageDigest.getInstance("SHA-256").digest(data)), hex(MessageDigest.getInstance("SHA-256").digest(in)),
                    "every byte once and in order (" + in.length + " received)");
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] sendOneMebibyte(Task client, int seed) throws Exception {
        int fd = client.socket(AF_INET, SOCK_STREAM, 0);
        client.connect(fd, SockAddr.inet("127.0.0.1", PORT));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random r = new Random(seed);
        byte[] chunk = new byte[CHUNK];
        for (int off = 0; off < BYTES; off += CHUNK) {
            r.nextBytes(chunk);
            sha.update(chunk);
            int done = 0;
            while (done < CHUNK) {
                byte[] rest = java.util.Arrays.copyOfRange(chunk, done, CHUNK);
                done += (int) client.send(fd, rest, 0);
            }
        }
        client.close(fd);
        return sha.digest();
    }

    private static byte[] receiveOneMebibyte(Task server, int fd) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long total = 0;
        while (true) {
            Received r = server.recv(fd, CHUNK, 0);
            if (r.n() == 0) {
                break;
            }
            sha.update(r.data());
            total += r.n();
        }
        server.close(fd);
        assertEquals(BYTES, total, "bytes received before EOF");
        return sha.digest();
    }

    /** A table's size as the layer's readiness check reports it. */
    static long tableSize(Kernel k, Layer layer, String table) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + layer.httpPort(k.basePort()) + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"" + table + "\"\\s*:\\s*(\\d+)").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError(layer + " reports no " + table + ": " + r.body());
        }
        return Long.parseLong(m.group(1));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

}
