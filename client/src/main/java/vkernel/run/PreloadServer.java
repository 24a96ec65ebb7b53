package vkernel.run;

import io.grpc.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import vkernel.errno.v1.Errno;
import vkernel.run.PreloadFrame.Request;
import vkernel.sdk.Task;

/**
 * The vk run side of the preload library's protocol: a Unix stream socket the program's threads
 * connect to, one connection each, and per connection a thread that makes its calls as the task
 * (a call that blocks in the kernel blocks that thread only, as it blocks the program's) and
 * one that reads on, for the interrupt a signal sends.
 */
public final class PreloadServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Path socket;
    private final ProcessTasks tasks;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    private PreloadServer(ServerSocketChannel listener, Path socket, Task task) {
        this.listener = listener;
        this.socket = socket;
        this.tasks = new ProcessTasks(task);
    }

    /** Listens at {@code socket} (a path that does not exist yet) for the program's connections. */
    public static PreloadServer start(Task task, Path socket) throws IOException {
        ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        l.bind(UnixDomainSocketAddress.of(socket));
        PreloadServer s = new PreloadServer(l, socket, task);
        daemon("vk-run-accept", s::acceptLoop).start();
        return s;
    }

    /** The path to give the program as VKERNEL_RUN_SOCK. */
    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel c = listener.accept();
                connections.add(c);
                daemon("vk-run-" + connections.size(), () -> serve(c)).start();
            }
        } catch (IOException closed) {
            // close() closed the listener: no more connections
        }
    }

    /**
     * One program thread's calls, one at a time, on a worker thread, while this thread reads on:
     * an INTERRUPT frame (a signal interrupted the program's wait) cancels the call in flight,
     * which the kernel ends as a signal ends it (EINTR, nothing recorded), and so does the end of
     * the stream (the program's thread is gone). An interrupt that comes after its call's answer
     * finds nothing in flight: the next call's request can only follow that answer.
     */
    private void serve(SocketChannel c) {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon("vk-run-call", r));
        AtomicReference<Context.CancellableContext> inFlight = new AtomicReference<>();
        AtomicReference<PreloadCalls> task = new AtomicReference<>(tasks.root());
        try (c) {
            InputStream in = new ChannelInput(c);
            for (Request next = PreloadFrame.read(in); next != null; next = PreloadFrame.read(in)) {
                if (next.nr() == PreloadCall.INTERRUPT.nr) {
                    cancel(inFlight.get());
                    continue;
                }
                Request r = next;
                Context.CancellableContext call = Context.ROOT.withCancellation();
                inFlight.set(call);
                worker.execute(() -> answer(c, call, r, task, inFlight));
            }
        } catch (IOException e) {
            // the program's thread or the program is gone, or broke the stream: its library answers itself EIO
        } finally {
            cancel(inFlight.get());
            worker.shutdown();
            connections.remove(c);
        }
    }

    private void answer(SocketChannel c, Context.CancellableContext call, Request r, AtomicReference<PreloadCalls> task,
            AtomicReference<Context.CancellableContext> inFlight) {
        PreloadFrame.Answer a;
        try {
            a = call.call(() -> serve(r, task));
        } catch (Exception e) {
            a = PreloadFrame.Answer.error(Errno.ERRNO_EIO.getNumber());
        } finally {
            inFlight.compareAndSet(call, null);
            call.close();
        }
        try {
            PreloadFrame.write(Channels.newOutputStream(new WriteOnly(c)), a);
        } catch (IOException e) {
            // the program's thread is gone: nobody reads the answer
        }
    }

    /** A request as the connection's task: the process calls (fork, attach) here, the others the task's. */
    private PreloadFrame.Answer serve(Request r, AtomicReference<PreloadCalls> task) {
        PreloadCall call = PreloadCall.of(r.nr());
        if (call == PreloadCall.FORK) {
            return tasks.fork(task.get());
        }
        if (call == PreloadCall.FORKED) {
            return tasks.forked((int) r.arg()[0], r.arg()[1]);
        }
        if (call == PreloadCall.ATTACH) {
            PreloadCalls t = tasks.of((int) r.arg()[0]);
            if (t == null) {
                return PreloadFrame.Answer.error(Errno.ERRNO_ESRCH.getNumber());
            }
            task.set(t);
            return PreloadFrame.Answer.ok(0);
        }
        return task.get().serve(r);
    }

    private static void cancel(Context.CancellableContext call) {
        if (call != null) {
            call.cancel(null);
        }
    }

    /**
     * Reads the channel without the blocking lock Channels.newInputStream takes around each
     * read, which would hold the worker's answer back until the next frame arrived.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel c;

        ChannelInput(SocketChannel c) {
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : c.read(ByteBuffer.wrap(b, off, len));
        }
    }

    /** The channel as a plain WritableByteChannel, so that writing takes no blocking lock either. */
    private record WriteOnly(SocketChannel c) implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            return c.write(src);
        }

        @Override
        public boolean isOpen() {
            return c.isOpen();
        }

        @Override
        public void close() throws IOException {
            c.close();
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops listening and drops every connection; a call still blocked in the kernel ends with the task. */
    @Override
    public void close() throws IOException {
        listener.close();
        tasks.close();
        for (SocketChannel c : connections) {
            c.close();
        }
        Files.deleteIfExists(socket);
    }
}
