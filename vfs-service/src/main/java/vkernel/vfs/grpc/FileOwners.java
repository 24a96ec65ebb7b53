package vkernel.vfs.grpc;

import io.grpc.ManagedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import vkernel.runtime.events.Step;
import vkernel.runtime.grpc.Futures;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.vfs.core.File;
import vkernel.vfs.core.Vfs;
import vkernel.vfs.v1.FileOperationsServiceGrpc;
import vkernel.vfs.v1.NetnsExitRequest;
import vkernel.vfs.v1.ReleaseRequest;

/**
 * The registered owners of pseudo filesystems (register_filesystem), and the file
 * operations vfs-service calls on them: release on the last fput, then evict.
 */
@ApplicationScoped
public class FileOwners {
    private static final Logger LOG = Logger.getLogger(FileOwners.class);
    static final long LEASE_MS = 3000;

    record Owner(String address, String publicAddress, String instanceId, long expiresAtMillis) {}

    @Inject
    KernelRuntime runtime;

    @Inject
    VfsState state;

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();

    /** Registers or renews; another live instance holding the filesystem is EEXIST (false). */
    public boolean register(String fsType, String address, String publicAddress, String instanceId) {
        long now = System.currentTimeMillis();
        boolean[] ok = {true};
        owners.compute(fsType, (k, cur) -> {
            if (cur != null && !cur.instanceId().equals(instanceId) && cur.expiresAtMillis() > now) {
                ok[0] = false;
                return cur;
            }
            return new Owner(address, publicAddress.isEmpty() ? address : publicAddress, instanceId, now + LEASE_MS);
        });
        return ok[0];
    }

    public void unregister(String fsType, String instanceId) {
        owners.computeIfPresent(fsType, (k, cur) -> cur.instanceId().equals(instanceId) ? null : cur);
    }

    /** The address of the owner of fsType, even if its lease lapsed (files still refer to it); null if never registered. */
    public String address(String fsType) {
        Owner o = owners.get(fsType);
        return o == null ? null : o.address();
    }

    /** Where users reach the owner (Uname), null if never registered. */
    public String publicAddress(String fsType) {
        Owner o = owners.get(fsType);
        return o == null ? null : o.publicAddress();
    }

    /** Whether the owner's lease is live now. */
    public boolean live(String fsType) {
        Owner o = owners.get(fsType);
        return o != null && o.expiresAtMillis() > System.currentTimeMillis();
    }

    public FileOperationsServiceGrpc.FileOperationsServiceFutureStub stub(String fsType) {
        String address = address(fsType);
        if (address == null) {
            return null;
        }
        ManagedChannel ch = runtime.channels().channel(address);
        return FileOperationsServiceGrpc.newFutureStub(ch).withCallCredentials(runtime.channels().credentials());
    }

    /** __fput for each file: the owner's release, then evict the inode. Completes when all are done. */
    public CompletableFuture<Void> release(List<File> files, Step parent) {
        if (files.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[files.size()];
        for (int i = 0; i < files.size(); i++) {
            all[i] = release(files.get(i), parent);
        }
        return CompletableFuture.allOf(all);
    }

    private CompletableFuture<Void> release(File f, Step parent) {
        long ino = f.inode().ino();
        Step fput = parent.child("__fput").object("ino", ino).field("fs_type", f.inode().fsType());
        CompletableFuture<Void> released;
        var stub = Vfs.SOCKFS.equals(f.inode().fsType()) ? stub(Vfs.SOCKFS) : null;
        if (stub == null) {
            released = CompletableFuture.completedFuture(null);
        } else {
            // The release happens even if the caller of close() gave up waiting for it.
            released = fput.withinDetached(() -> Futures.of(stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .release(ReleaseRequest.newBuilder().setIno(ino).build())))
                    .handle((r, err) -> {
                        if (err != null) {
                            LOG.warnf("release of inode %d by its owner failed: %s", ino, Futures.unwrap(err));
                        }
                        return null;
                    });
        }
        return released.thenRun(() -> {
            Step evict = fput.child("evict").object("ino", ino);
            state.vfs().evict(ino);
            evict.end();
            fput.end();
        });
    }

    /**
     * pernet exit: the namespace's last task is gone. Sent detached, as cleanup outlives
     * the exit() that caused it; cleanup (the cleanup_net step) ends when it is delivered.
     */
    public void netnsExit(long netns, Step cleanup) {
        var stub = stub(Vfs.SOCKFS);
        if (stub == null) {
            cleanup.end();
            return;
        }
        cleanup.withinDetached(() -> Futures.of(stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .netnsExit(NetnsExitRequest.newBuilder().setNetns(netns).build())))
                .whenComplete((r, err) -> {
                    if (err != null) {
                        LOG.warnf("netns %d exit not delivered: %s", netns, Futures.unwrap(err));
                    }
                    cleanup.end();
                });
    }
}
