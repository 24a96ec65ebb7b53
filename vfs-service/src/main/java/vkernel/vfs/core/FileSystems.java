package vkernel.vfs.core;

import java.util.function.LongSupplier;
import vkernel.errno.v1.Errno;
import vkernel.kernel.lease.LeaseTable;
import vkernel.kernel.state.StateChanges;
import vkernel.state.v1.VfsFilesystem;

/**
 * The registered filesystems (fs/filesystems.c: file_systems), as leases the owning
 * layers renew: register_filesystem refuses a name another live instance holds (EEXIST);
 * a name whose owner stopped renewing is not registered, but the files made on it still
 * refer to their owner ({@link #lastKnown}), as an inode keeps its superblock's s_op.
 */
public final class FileSystems {
    /** How long a registration lives without renewal. */
    public static final long LEASE_MS = 3000;

    private final LeaseTable<String, FileSystemType> table;
    private final LongSupplier clock;
    private final StateChanges changes;

    public FileSystems(LongSupplier clock) {
        this(LEASE_MS, clock, StateChanges.DISCARD);
    }

    public FileSystems(long leaseMillis, LongSupplier clock) {
        this(leaseMillis, clock, StateChanges.DISCARD);
    }

    /**
     * Registrations whose owner changes are recorded (filesystem/NAME), so a restarted vfs
     * still knows whom to ask to release a file of sockfs before the owner renews.
     */
    public FileSystems(long leaseMillis, LongSupplier clock, StateChanges changes) {
        this.table = new LeaseTable<>(leaseMillis);
        this.clock = clock;
        this.changes = changes;
    }

    /** How long a registration lives without renewal (what the owner is told). */
    public long leaseMillis() {
        return table.leaseMillis();
    }

    /** Follows fs/filesystems.c:register_filesystem: registers or renews; EEXIST while another live instance holds the name. */
    public synchronized Errno registerFilesystem(FileSystemType fs, String instanceId) {
        LeaseTable.Lease<String, FileSystemType> before = table.lastKnown(fs.name());
        Errno e = table.register(fs.name(), fs, instanceId, clock.getAsLong());
        if (e == Errno.ERRNO_UNSPECIFIED && (before == null || !before.value().equals(fs) || !before.instanceId().equals(instanceId))) {
            changes.put("filesystem/" + fs.name(), 0, VfsFilesystem.newBuilder().setName(fs.name()).setAddress(fs.address())
                    .setPublicAddress(fs.publicAddress()).setInstanceId(instanceId).build());
        }
        return e;
    }

    /** A registration from the state topic: known to lastKnown, live once its owner renews. */
    public void restore(VfsFilesystem fs) {
        table.restoreLapsed(fs.getName(), FileSystemType.of(fs.getName(), fs.getAddress(), fs.getPublicAddress()), fs.getInstanceId());
    }

    /** Follows fs/filesystems.c:unregister_filesystem, only by the instance that holds the name. */
    public void unregisterFilesystem(String name, String instanceId) {
        table.unregister(name, instanceId);
    }

    /** Follows fs/filesystems.c:get_fs_type: the live registration of name, or null. */
    public FileSystemType getFsType(String name) {
        LeaseTable.Lease<String, FileSystemType> l = table.lookup(name, clock.getAsLong());
        return l == null ? null : l.value();
    }

    /** Whether name is registered by a live owner now. */
    public boolean live(String name) {
        return getFsType(name) != null;
    }

    /** The owner name was last registered by, even if its lease lapsed (files still refer to it); null if never registered. */
    public FileSystemType lastKnown(String name) {
        LeaseTable.Lease<String, FileSystemType> l = table.lastKnown(name);
        return l == null ? null : l.value();
    }
}
