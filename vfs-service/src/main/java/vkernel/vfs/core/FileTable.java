package vkernel.vfs.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import vkernel.kernel.trace.Trace;

/**
 * The end of a struct file (fs/file_table.c): on the last fput the file's owner
 * releases what the inode stands for, then the inode is evicted. An owner that fails
 * or cannot be reached does not keep the inode alive.
 */
public final class FileTable {
    private static final System.Logger LOG = System.getLogger(FileTable.class.getName());

    private final Vfs vfs;
    private final FileSystems fileSystems;
    private final FileOperations.Owners owners;

    public FileTable(Vfs vfs, FileSystems fileSystems, FileOperations.Owners owners) {
        this.vfs = vfs;
        this.fileSystems = fileSystems;
        this.owners = owners;
    }

    /** __fput of each released file, as steps under parent. Completes when all are done; never exceptionally. */
    public CompletableFuture<Void> fput(List<File> files, Trace parent) {
        if (files.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[files.size()];
        for (int i = 0; i < files.size(); i++) {
            all[i] = fput(files.get(i), parent);
        }
        return CompletableFuture.allOf(all);
    }

    /** Follows fs/file_table.c:__fput: f_op->release (sockfs files only), then evict. */
    private CompletableFuture<Void> fput(File f, Trace parent) {
        return release(f.inode(), parent.child("__fput"));
    }

    /**
     * Releases inodes that no file holds any more (orphans a crash left: VfsRestore), as
     * their last fput would have. Completes when all are done; never exceptionally.
     */
    public CompletableFuture<Void> releaseOrphans(List<Long> inos, Trace parent) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[inos.size()];
        for (int i = 0; i < inos.size(); i++) {
            Inode inode = vfs.inode(inos.get(i));
            all[i] = inode == null ? CompletableFuture.completedFuture(null) : release(inode, parent.child("release_orphan"));
        }
        return CompletableFuture.allOf(all);
    }

    private CompletableFuture<Void> release(Inode inode, Trace fput) {
        long ino = inode.ino();
        fput.object("ino", ino).field("fs_type", inode.fsType());
        FileOperations ops = Vfs.SOCKFS.equals(inode.fsType()) ? ownerOf(Vfs.SOCKFS) : null;
        CompletableFuture<Void> released;
        if (ops == null) {
            released = CompletableFuture.completedFuture(null);
        } else {
            released = call(() -> ops.release(ino, fput)).handle((r, err) -> {
                if (err != null) {
                    LOG.log(System.Logger.Level.WARNING, "release of inode {0} by its owner failed: {1}", ino, unwrap(err));
                }
                return null;
            });
        }
        return released.thenRun(() -> {
            Trace evict = fput.child("evict").object("ino", ino);
            vfs.evict(ino);
            evict.end();
            fput.end();
        });
    }

    /**
     * Follows net/core/net_namespace.c:cleanup_net as far as vfs takes part: the owner of
     * sockfs exits the namespace. cleanup ends when the exit is delivered (or cannot be).
     */
    public void cleanupNet(long netns, Trace cleanup) {
        FileOperations ops = ownerOf(Vfs.SOCKFS);
        if (ops == null) {
            cleanup.end();
            return;
        }
        call(() -> ops.netnsExit(netns, cleanup)).whenComplete((r, err) -> {
            if (err != null) {
                LOG.log(System.Logger.Level.WARNING, "netns {0} exit not delivered: {1}", netns, unwrap(err));
            }
            cleanup.end();
        });
    }

    /** The file operations of fsType's owner, even if its lease lapsed (files still refer to it); null if never registered. */
    FileOperations ownerOf(String fsType) {
        FileSystemType owner = fileSystems.lastKnown(fsType);
        return owner == null ? null : owners.of(owner);
    }

    /** A port call whose synchronous failure counts as a failed future. */
    static <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> port) {
        try {
            return port.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
