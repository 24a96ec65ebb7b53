package vkernel.socket.grpc;

import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.net.v1.ProtoOpsServiceGrpc;
import vkernel.runtime.events.Step;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.socket.core.NetFamilies;
import vkernel.socket.core.Socket;
import vkernel.socket.core.SocketTable;
import vkernel.vfs.v1.FgetRequest;
import vkernel.vfs.v1.InodeServiceGrpc;
import vkernel.vfs.v1.IputRequest;

/**
 * socket-service's state (net_families[], the sockets of sockfs) and its ways to the
 * other layers: vfs-service for inodes and fds, the family services for the ops.
 */
@ApplicationScoped
public class SocketLayer {
    private static final Logger LOG = Logger.getLogger(SocketLayer.class);
    static final long FAMILY_LEASE_MS = 3000;

    /** What sockfd_lookup found: the socket and its file's flags, or the errno. */
    public record Lookup(Socket socket, int fFlags, Errno errno) {
        boolean nonblock() {
            return (fFlags & vkernel.uapi.Fcntl.O_NONBLOCK) != 0;
        }
    }

    /** A failure of the transport to another layer, as opposed to an errno it answered. */
    public static final class LayerGone extends RuntimeException {
        private final Status.Code code;

        LayerGone(Status status, Throwable cause) {
            super(status.toString(), cause, false, false);
            this.code = status.getCode();
        }

        /**
         * The service could not be reached at all (UNAVAILABLE): the module is gone, and
         * its registration with it. Any other failure (a deadline under load, an internal
         * error) fails this call only; the lease decides whether the family is still there.
         */
        public boolean unreachable() {
            return code == Status.Code.UNAVAILABLE;
        }
    }

    @Inject
    KernelRuntime runtime;

    @ConfigProperty(name = "vkernel.vfs.address")
    String vfsAddress;

    private final NetFamilies families = new NetFamilies(FAMILY_LEASE_MS);
    private final SocketTable sockets = new SocketTable();

    public NetFamilies families() {
        return families;
    }

    public SocketTable sockets() {
        return sockets;
    }

    public InodeServiceGrpc.InodeServiceFutureStub vfs() {
        return InodeServiceGrpc.newFutureStub(runtime.channels().channel(vfsAddress))
                .withCallCredentials(runtime.channels().credentials());
    }

    public ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub family(String address) {
        return ProtoOpsServiceGrpc.newFutureStub(runtime.channels().channel(address))
                .withCallCredentials(runtime.channels().credentials());
    }

    /**
     * How long an op that never sleeps (create, bind, getname ...) may take before its
     * service counts as gone: a family whose host vanished (a removed container) gives no
     * "connection refused", so without a bound the call would wait for the caller's deadline.
     * Ops that sleep (connect, accept, send, recv, poll) keep only the caller's deadline.
     */
    static final long OP_DEADLINE_S = 5;

    /** family(s) with the deadline of an op that never sleeps. */
    public ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub quick(ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub family) {
        return family.withDeadlineAfter(OP_DEADLINE_S, TimeUnit.SECONDS);
    }

    /** The family stub for a socket, or null when the service that made its sock is gone. */
    public ProtoOpsServiceGrpc.ProtoOpsServiceFutureStub family(Socket s) {
        NetFamilies.Registration r = families.lookup(s.family(), System.currentTimeMillis());
        if (r == null || !r.instanceId().equals(s.familyInstance())) {
            return null;
        }
        return family(r.address());
    }

    /**
     * Runs a call to another layer within a step. A transport failure becomes LayerGone;
     * a call the caller cancelled (a signal) becomes EINTR for the caller to map.
     */
    public <T> CompletableFuture<T> call(Step step, Callable<com.google.common.util.concurrent.ListenableFuture<T>> call) {
        return step.within(() -> Futures.of(call.call())).exceptionally(t -> {
            Throwable e = Futures.unwrap(t);
            Status s = Status.fromThrowable(e);
            if (s.getCode() == Status.Code.CANCELLED
                    || (s.getCode() == Status.Code.DEADLINE_EXCEEDED && step.callerCancelled())) {
                throw new Interrupted();
            }
            LOG.warnf("%s: the layer it called failed: %s", step.context().syscall(), s);
            throw new LayerGone(s, e);
        });
    }

    /** The caller's call was cancelled while it waited: the syscall is interrupted (EINTR). */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** As {@link #call}, for cleanup that must finish even if the caller was interrupted. */
    public <T> CompletableFuture<T> callDetached(Step step, Callable<com.google.common.util.concurrent.ListenableFuture<T>> call) {
        return step.withinDetached(() -> Futures.of(call.call())).exceptionally(t -> {
            throw new LayerGone(Status.fromThrowable(Futures.unwrap(t)), Futures.unwrap(t));
        });
    }

    /** sockfd_lookup: EBADF for no such fd, ENOTSOCK for a file that is not a socket. */
    public CompletableFuture<Lookup> lookup(Cred cred, int fd, Step parent) {
        Step step = parent.child("sockfd_lookup").object("fd", fd);
        return call(step, () -> vfs().fget(FgetRequest.newBuilder().setCred(cred).setFd(fd).build())).thenApply(r -> {
            Errno e = r.getErrno();
            Socket s = null;
            if (e == Errno.ERRNO_UNSPECIFIED) {
                s = "sockfs".equals(r.getFsType()) ? sockets.get(r.getIno()) : null;
                if (s == null) {
                    e = Errno.ERRNO_ENOTSOCK;
                }
            } else if (e == Errno.ERRNO_ESRCH) {
                e = Errno.ERRNO_EBADF; // the task exited while the call was on its way
            }
            step.object("ino", r.getIno()).end(e == Errno.ERRNO_UNSPECIFIED ? 0 : -1, e);
            return new Lookup(s, r.getFFlags(), e);
        });
    }

    /** Undo of sock_alloc: the inode goes back. */
    public void iput(long ino, Step parent) {
        Step step = parent.child("iput").object("ino", ino);
        callDetached(step, () -> vfs().withDeadlineAfter(OP_DEADLINE_S, TimeUnit.SECONDS)
                .iput(IputRequest.newBuilder().setIno(ino).build())).whenComplete((r, err) -> {
            if (err != null) {
                LOG.warnf("iput of inode %d failed: %s", ino, Futures.unwrap(err));
            }
            step.end();
        });
    }

    /** A family service that stopped answering is a module that is gone. */
    public void familyGone(Socket s) {
        families.drop(s.family(), s.familyInstance());
    }

    /** The errno for a failed call chain: EINTR for a signal, EIO when a layer is gone. */
    public static Errno errnoOf(Throwable t) {
        Throwable e = Futures.unwrap(t);
        if (e instanceof Interrupted) {
            return Errno.ERRNO_EINTR;
        }
        return Errno.ERRNO_EIO;
    }
}
