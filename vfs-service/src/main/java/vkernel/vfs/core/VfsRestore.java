package vkernel.vfs.core;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vkernel.cred.v1.Cred;
import vkernel.kernel.state.StateRecord;
import vkernel.state.v1.VfsEpitem;
import vkernel.state.v1.VfsFd;
import vkernel.state.v1.VfsFile;
import vkernel.state.v1.VfsFilesystem;
import vkernel.state.v1.VfsIds;
import vkernel.state.v1.VfsInode;
import vkernel.state.v1.VfsTask;

/**
 * Rebuilds vfs's tables from the live records of its state topic, and reconciles what a
 * crash left between two records of one call: an fd whose file or task is gone is
 * dropped; a file's f_count is recounted from the fds that hold it; a file no fd holds
 * is released; an inode no file holds (a socket() cut off between sock_alloc and
 * fd_install, a release that never ran) is an orphan the caller hands to its owner.
 */
public final class VfsRestore {
    /** What was rebuilt; orphans are sockfs inodes to release through their owner, then evict. */
    public record Restored(int tasks, int files, int fds, int inodes, List<Long> orphanInodes) {}

    private VfsRestore() {}

    /** eventpolls: where epoll files' items go; null drops them (a Vfs without epoll, in tests). */
    public static Restored into(Vfs vfs, FileSystems fileSystems, Eventpolls eventpolls, List<StateRecord> live) {
        VfsIds ids = null;
        List<VfsTask> tasks = new ArrayList<>();
        Map<Long, VfsFile> files = new HashMap<>();
        List<VfsFd> fds = new ArrayList<>();
        List<VfsInode> inodes = new ArrayList<>();
        List<VfsEpitem> epitems = new ArrayList<>();
        for (StateRecord r : live) {
            try {
                switch (r.table()) {
                    case "ids" -> ids = VfsIds.parseFrom(r.value());
                    case "task" -> tasks.add(VfsTask.parseFrom(r.value()));
                    case "file" -> {
                        VfsFile f = VfsFile.parseFrom(r.value());
                        files.put(f.getId(), f);
                    }
                    case "fd" -> fds.add(VfsFd.parseFrom(r.value()));
                    case "inode" -> inodes.add(VfsInode.parseFrom(r.value()));
                    case "filesystem" -> fileSystems.restore(VfsFilesystem.parseFrom(r.value()));
                    case "epitem" -> epitems.add(VfsEpitem.parseFrom(r.value()));
                    default -> { } // a table of a later version: not ours to read
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("state record " + r.key() + " is not a vkernel.state.v1 message", e);
            }
        }
        Restored restored = vfs.restore(ids, tasks, files, fds, inodes);
        if (eventpolls != null) {
            eventpolls.restore(epitems);
        }
        return restored;
    }

    static Task task(VfsTask t) {
        Cred cred = Cred.newBuilder().setPid(t.getPid()).setUid(t.getUid()).setGid(t.getGid())
                .setCapEffective(t.getCapEffective()).setNetns(t.getNetns()).setGeneration(t.getGeneration()).build();
        Task task = new Task(cred, t.getGeneration(), t.getComm().toByteArray(), t.getNofileSoft());
        task.setNofile(t.getNofileSoft(), t.getNofileHard());
        return task;
    }
}
