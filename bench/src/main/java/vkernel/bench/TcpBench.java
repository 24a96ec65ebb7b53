package vkernel.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import vkernel.sdk.Accepted;
import vkernel.sdk.CallInterruptedException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Task;
import vkernel.uapi.Socket;

/**
 * Part 4: TCP over loopback. Connections per second (socket, connect, accept, close
 * both ends, one after the other), then bulk send/recv throughput per chunk size against
 * raw gRPC client streaming of the same chunks in this JVM.
 */
final class TcpBench {
    /** Chunk size and how many of them one measurement moves. */
    record Chunk(int size, int count) {
        String label() {
            return size >= 1 << 20 ? (size >> 20) + " MiB" : (size >> 10) + " KiB";
        }
    }

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    private TcpBench() {}

    static List<Chunk> chunks(Options o) {
        int q = o.quick ? 4 : 1;
        return List.of(new Chunk(1 << 10, 4096 / q), new Chunk(64 << 10, 1024 / q), new Chunk(1 << 20, 128 / q));
    }

    static Map<String, Object> connectAccept(Target k, Options o) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Task server = k.spawnRoot("bench-tcp-srv").withDeadline(CALL_DEADLINE);
        Task client = k.spawnIn("bench-tcp-cli", server).withDeadline(CALL_DEADLINE);
        try {
            SockAddr addr = SockAddr.inet("127.0.0.1", 5001);
            int lfd = server.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            server.bind(lfd, addr);
            server.listen(lfd, 128);
            Runner.Op once = t -> {
                int cfd = client.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
                client.connect(cfd, addr);
                Accepted a = server.accept(lfd);
                client.close(cfd);
                server.close(a.fd());
            };
            int iters = o.tcpConnectIters();
            long t0 = System.nanoTime();
            Stats s = Runner.latency(iters / 10, iters, once);
            double seconds = (System.nanoTime() - t0) / 1e9;
            m.put("status", "ok");
            m.put("what", "socket+connect (client), accept (server), close both; one thread, loopback");
            m.put("latency", s.summary().toMicros());
            double perS = 1e9 / s.summary().meanNs();
            m.put("connections_per_s", Math.round(perS * 10) / 10.0);
            m.put("seconds_incl_warmup", Math.round(seconds * 1000) / 1000.0);
            Bench.log("    connect+accept+close: %.0f /s (p50 %s µs, p99 %s µs)", perS,
                    s.summary().toMicros().get("p50_us"), s.summary().toMicros().get("p99_us"));
            return m;
        } finally {
            k.exit(List.of(client.withoutDeadline(), server.withoutDeadline()));
        }
    }

    /** Bulk throughput through the kernel for each chunk size; an entry per size. */
    static Map<String, Object> bulk(Target k, Options o) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        Task server = k.spawnRoot("bench-bulk-srv").withDeadline(CALL_DEADLINE);
        Task client = k.spawnIn("bench-bulk-cli", server).withDeadline(CALL_DEADLINE);
        try {
            SockAddr addr = SockAddr.inet("127.0.0.1", 5002);
            int lfd = server.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
            server.bind(lfd, addr);
            server.listen(lfd, 16);
            boolean anyOk = false;
            for (Chunk c : chunks(o)) {
                try {
                    m.put(c.label(), bulkOne(client, server, lfd, addr, c));
                    anyOk = true;
                } catch (Exception e) {
                    m.put(c.label(), Target.failure(e));
                    Bench.log("    TCP bulk %s chunks: %s", c.label(), Target.describe(e));
                }
            }
            m.put("status", anyOk ? "ok" : "failed");
            if (!anyOk) {
                m.put("error", "every chunk size failed; " + chunks(o).get(0).label() + ": "
                        + Targets.get(m, chunks(o).get(0).label(), "error"));
            }
            return m;
        } finally {
            k.exit(List.of(client.withoutDeadline(), server.withoutDeadline()));
        }
    }

    private static Map<String, Object> bulkOne(Task client, Task server, int lfd, SockAddr addr, Chunk c)
            throws Exception {
        int cfd = client.socket(Socket.AF_INET, Socket.SOCK_STREAM, 0);
        client.connect(cfd, addr);
        int sfd = server.accept(lfd).fd();
        try {
            byte[] chunk = new byte[c.size()];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) i;
            }
            transfer(client, cfd, server, sfd, chunk, Math.max(4, c.count() / 4)); // warm-up
            double secs = transfer(client, cfd, server, sfd, chunk, c.count());
            long bytes = (long) c.size() * c.count();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("status", "ok");
            r.put("chunk_bytes", c.size());
            r.put("chunks", c.count());
            r.put("bytes", bytes);
            r.put("seconds", Math.round(secs * 1000) / 1000.0);
            r.put("mb_per_s", mbps(bytes, secs));
            Bench.log("    TCP bulk %s chunks: %.1f MB/s", c.label(), mbps(bytes, secs));
            return r;
        } finally {
            client.close(cfd);
            server.close(sfd);
        }
    }

    /** count chunks from one end to the other (send on a thread, recv here); the seconds it took. */
    private static double transfer(Task tx, int txfd, Task rx, int rxfd, byte[] chunk, int count) throws Exception {
        long total = (long) chunk.length * count;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
        long t0 = System.nanoTime();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    int off = 0;
                    while (off < chunk.length) {
                        byte[] rest = off == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, off, chunk.length);
                        off += (int) tx.send(txfd, rest, 0);
                    }
                    sent.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "bench-tcp-send");
        sender.setDaemon(true);
        sender.start();
        long got = 0;
        try {
            while (got < total) {
                Received r = rx.recv(rxfd, chunk.length, 0);
                if (r.n() <= 0) {
                    throw new IllegalStateException("recv returned " + r.n() + " after " + got + " of " + total + " bytes");
                }
                got += r.n();
            }
        } catch (CallInterruptedException e) {
            throw new IllegalStateException(String.format("recv slept past its %d s deadline after %,d of %,d bytes,"
                    + " while send had returned %,d full chunks of %,d bytes%s", CALL_DEADLINE.toSeconds(), got, total,
                    sent.get(), chunk.length, failure.get() == null ? "" : " (then failed: " + Target.describe(failure.get())
                            + ")"), e);
        } catch (RuntimeException e) {
            if (failure.get() != null) {
                e.addSuppressed(failure.get());
            }
            throw e;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        sender.join(60_000);
        if (failure.get() != null) {
            Throwable e = failure.get();
            throw e instanceof Exception ex ? ex : new RuntimeException(e);
        }
        return secs;
    }

    /** Raw gRPC client streaming of the same chunks: the reference. */
    static Map<String, Object> rawGrpc(Options o) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (RawGrpcStream g = new RawGrpcStream()) {
            for (Chunk c : chunks(o)) {
                byte[] chunk = new byte[c.size()];
                g.upload(chunk, Math.max(4, c.count() / 4)); // warm-up
                g.upload(chunk, c.count());
                long t0 = System.nanoTime();
                long got = g.upload(chunk, c.count());
                double secs = (System.nanoTime() - t0) / 1e9;
                long bytes = (long) c.size() * c.count();
                if (got != bytes) {
                    throw new IllegalStateException("raw gRPC server counted " + got + " bytes of " + bytes);
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("chunk_bytes", c.size());
                r.put("chunks", c.count());
                r.put("bytes", bytes);
                r.put("seconds", Math.round(secs * 1000) / 1000.0);
                r.put("mb_per_s", mbps(bytes, secs));
                m.put(c.label(), r);
                Bench.log("    raw gRPC streaming %s chunks: %.1f MB/s", c.label(), mbps(bytes, secs));
            }
        }
        m.put("status", "ok");
        m.put("what", "grpc-java client streaming of byte[] messages (no protobuf wrapper), client and server in "
                + "the bench JVM over loopback TCP, flow-controlled (isReady)");
        return m;
    }

    static double mbps(long bytes, double secs) {
        return Math.round(bytes / secs / 1e6 * 10) / 10.0;
    }

    static List<String> labels(Options o) {
        List<String> l = new ArrayList<>();
        for (Chunk c : chunks(o)) {
            l.add(c.label());
        }
        return l;
    }
}
