package vkernel.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import vkernel.sdk.Accepted;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;
import vkernel.uapi.Socket;

/**
 * `docker compose up -d --force-recreate LAYER` for each layer in turn while a TCP
 * transfer runs: the new container restores the layer's tables from its state topic, the
 * connection carries on, and the bytes that arrive are the bytes sent (the same CRC).
 */
class StatefulReplaceTest {
    private static final long BYTES = 64L << 20;
    private static final int CHUNK = 64 << 10;

    @Test
    void aTransferCarriesOnWhileEachLayerIsReplaced() throws Exception {
        ComposeStack stack = ComposeStack.get();
        for (String l : ComposeStack.LAYERS) {
            stack.awaitHealthy(l, Duration.ofMinutes(3));
        }
        try (VKernel k = VKernel.connect(stack.kernelAddress(), stack.adminSecret())) {
            Task server = k.spawn(SpawnOptions.named("bulk-server").uid(1000).gid(1000).unshareNet(true));
            Task client = k.spawn(SpawnOptions.named("bulk-client").uid(1000).gid(1000).joinNetns(server.netns()));
            int listener = server.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            server.bind(listener, SockAddr.inet("127.0.0.1", 9000));
            server.listen(listener, 1);
            int conn = client.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            client.connect(conn, SockAddr.inet("127.0.0.1", 9000));
            Accepted in = server.accept(listener);

            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong sentCrc = new AtomicLong();
            AtomicLong received = new AtomicLong();
            AtomicLong receivedCrc = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    Random r = new Random(7);
                    CRC32 crc = new CRC32();
                    byte[] chunk = new byte[CHUNK];
                    for (long sent = 0; sent < BYTES; ) {
                        r.nextBytes(chunk);
                        crc.update(chunk);
                        for (int off = 0; off < CHUNK; ) {
                            off += (int) client.send(conn, Arrays.copyOfRange(chunk, off, CHUNK), 0);
                        }
                        sent += CHUNK;
                    }
                    sentCrc.set(crc.getValue());
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "writer");
            Thread reader = new Thread(() -> {
                try {
                    CRC32 crc = new CRC32();
                    while (received.get() < BYTES) {
                        Received r = server.recv(in.fd(), CHUNK, 0);
                        if (r.n() == 0) {
                            throw new AssertionError("the connection closed after " + received.get() + " bytes");
                        }
                        crc.update(r.data(), 0, (int) r.n());
                        received.addAndGet(r.n());
                    }
                    receivedCrc.set(crc.getValue());
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "reader");
            writer.start();
            reader.start();
            for (String layer : List.of("inet-service", "socket-service", "vfs-service", "netlink-service")) {
                long before = received.get();
                stack.replace(layer);
                stack.awaitHealthy(layer, Duration.ofMinutes(3));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (received.get() <= before && failure.get() == null && received.get() < BYTES) {
                    assertTrue(System.nanoTime() < deadline, "no bytes arrived after " + layer + " was replaced");
                    Thread.sleep(100);
                }
            }
            writer.join(Duration.ofMinutes(10).toMillis());
            reader.join(Duration.ofMinutes(10).toMillis());
            if (failure.get() != null) {
                throw new AssertionError("the transfer failed: " + failure.get(), failure.get());
            }
            assertEquals(BYTES, received.get());
            assertEquals(sentCrc.get(), receivedCrc.get(), "the bytes that arrived are the bytes sent");
            client.close(conn);
            server.close(in.fd());
            server.close(listener);
            client.exit(0);
            server.exit(0);
        }
    }
}
