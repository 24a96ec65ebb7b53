package vkernel.sdk;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import vkernel.errno.v1.Errno;
import vkernel.vfs.v1.ProcessServiceGrpc;
import vkernel.vfs.v1.SpawnRequest;
import vkernel.vfs.v1.SpawnResponse;
import vkernel.vfs.v1.UnameRequest;
import vkernel.vfs.v1.UnameResponse;

/**
 * A connection to a vkernel: one address (vfs-service), from which uname(2) tells
 * where the socket layer is served. Owns its gRPC channels; close() shuts them.
 *
 * <pre>
 * try (VKernel k = VKernel.connect("localhost:9000", secret);
 *      Task t = k.spawn(SpawnOptions.named("demo").newNetnsWithLoopback())) {
 *     int fd = t.socket(AF_INET, SOCK_STREAM, 0);
 * }
 * </pre>
 */
public final class VKernel implements AutoCloseable {
    /** Opens a channel to a host:port target; lets callers choose transport and security. */
    @FunctionalInterface
    public interface ChannelFactory {
        ManagedChannel open(String target);
    }

    static final Metadata.Key<String> TASK_TOKEN = Metadata.Key.of("vkernel-task", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final long CONNECT_TIMEOUT_S = 10;

    private final String address;
    private final String adminSecret;
    private final ChannelFactory channels;
    private final ManagedChannel vfs;
    private ManagedChannel socket;

    private VKernel(String address, String adminSecret, ChannelFactory channels) {
        this.address = address;
        this.adminSecret = adminSecret;
        this.channels = channels;
        this.vfs = channels.open(address);
    }

    /** Connects without the admin credential: only unprivileged spawns will work. */
    public static VKernel connect(String address) {
        return connect(address, null);
    }

    /** Connects with the admin credential, needed to spawn uid 0, with capabilities, or into a netns. */
    public static VKernel connect(String address, String adminSecret) {
        return connect(address, adminSecret, target -> ManagedChannelBuilder.forTarget(target).usePlaintext().build());
    }

    /**
     * Connects through channels of the caller's making; calls uname(2) at once, so an
     * unreachable kernel fails here with KernelTransportException (one still restoring its
     * state after a restart is waited for).
     */
    public static VKernel connect(String address, String adminSecret, ChannelFactory channels) {
        VKernel k = new VKernel(address, adminSecret, channels);
        try {
            k.resolveSocketChannel(k.uname());
            return k;
        } catch (RuntimeException e) {
            k.close();
            throw e;
        }
    }

    /** uname(2): the kernel's name and release, and the addresses of its services. */
    public Uname uname() {
        UnameResponse r = Rpc.invokeConnect("uname", () -> ProcessServiceGrpc.newBlockingStub(vfs)
                .withDeadlineAfter(CONNECT_TIMEOUT_S, TimeUnit.SECONDS).uname(UnameRequest.getDefaultInstance()));
        return new Uname(r.getSysname(), r.getRelease(), r.getVfsAddress(), r.getSocketAddress());
    }

    /**
     * Where socket-service is reached from here: its advertised address, with the host this
     * connection uses when it advertises the wildcard address.
     */
    public String socketServiceAddress() {
        return reachable(uname().socketAddress());
    }

    /** Spawn: a new task, presenting the admin credential when this connection has one. */
    public Task spawn(SpawnOptions o) {
        SpawnRequest.Builder req = SpawnRequest.newBuilder().setComm(o.comm()).setUid(o.uid()).setGid(o.gid())
                .setUnshareNet(o.unshareNet()).setNetns(o.netns());
        o.capabilities().ifPresent(req::setCapEffective);
        Metadata md = new Metadata();
        if (adminSecret != null) {
            md.put(AUTHORIZATION, "Bearer " + adminSecret);
        }
        SpawnResponse r = Rpc.invoke("spawn", () -> ProcessServiceGrpc.newBlockingStub(vfs)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                .withDeadlineAfter(CONNECT_TIMEOUT_S * 3, TimeUnit.SECONDS).spawn(req.build()));
        if (r.getErrnoValue() != 0) {
            throw new ErrnoException("spawn", r.getErrnoValue());
        }
        Task task = new Task(this, o.comm(), r.getPid(), r.getToken(), r.getNetns());
        if (o.unshareNet() && o.loopbackUp()) {
            try {
                LoopbackUp.in(this, task.netns());
            } catch (RuntimeException e) {
                task.close(); // no task half made
                throw e;
            }
        }
        return task;
    }

    /** A task with default credentials (uid 0, which needs the admin credential). */
    public Task spawn(String comm) {
        return spawn(SpawnOptions.named(comm));
    }

    /** The address given to connect. */
    public String address() {
        return address;
    }

    ManagedChannel vfsChannel() {
        return vfs;
    }

    /**
     * The SocketService channel. The socket layer may register after we connected:
     * while uname names none, ask again, and report ENOSYS (no socket layer) meanwhile.
     */
    synchronized ManagedChannel socketChannel(String call) {
        if (socket == null) {
            resolveSocketChannel(uname());
            if (socket == null) {
                throw new ErrnoException(call, Errno.ERRNO_ENOSYS);
            }
        }
        return socket;
    }

    private synchronized void resolveSocketChannel(Uname u) {
        if (socket != null || u.socketAddress().isEmpty()) {
            return;
        }
        String target = reachable(u.socketAddress());
        socket = target.equals(address) ? vfs : channels.open(target);
    }

    /** A service bound to the wildcard address is reached on the host we already reach. */
    private String reachable(String serviceAddress) {
        int colon = serviceAddress.lastIndexOf(':');
        int ours = address.lastIndexOf(':');
        if (colon < 0 || ours < 0) {
            return serviceAddress;
        }
        String host = serviceAddress.substring(0, colon);
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("::")) {
            return address.substring(0, ours) + serviceAddress.substring(colon);
        }
        return serviceAddress;
    }

    @Override
    public synchronized void close() {
        if (socket != null && socket != vfs) {
            shutdown(socket);
        }
        shutdown(vfs);
    }

    private static void shutdown(ManagedChannel c) {
        c.shutdownNow();
        try {
            c.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
