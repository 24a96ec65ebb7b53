package vkernel.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vkernel.run.PreloadFrame.Request;
import vkernel.sdk.Task;

/**
 * The vk run side of the preload library's protocol: a Unix stream socket the program's threads
 * connect to, one connection each, and a thread per connection that makes its calls as the task
 * (a call that blocks in the kernel blocks that thread only, as it blocks the program's).
 */
public final class PreloadServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Path socket;
    private final PreloadCalls calls;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    private PreloadServer(ServerSocketChannel listener, Path socket, Task task) {
        this.listener = listener;
        this.socket = socket;
        this.calls = new PreloadCalls(task);
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

    private void serve(SocketChannel c) {
        try (c; InputStream in = Channels.newInputStream(c); OutputStream out = Channels.newOutputStream(c)) {
            for (Request r = PreloadFrame.read(in); r != null; r = PreloadFrame.read(in)) {
                PreloadFrame.write(out, calls.serve(r));
            }
        } catch (IOException e) {
            // the program's thread or the program is gone, or broke the stream: its library answers itself EIO
        } finally {
            connections.remove(c);
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
        for (SocketChannel c : connections) {
            c.close();
        }
        Files.deleteIfExists(socket);
    }
}
