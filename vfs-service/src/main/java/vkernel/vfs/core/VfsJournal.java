package vkernel.vfs.core;

import vkernel.kernel.state.StateChanges;
import vkernel.state.v1.VfsEpitem;
import vkernel.state.v1.VfsFd;
import vkernel.state.v1.VfsFile;
import vkernel.state.v1.VfsInode;
import vkernel.state.v1.VfsTask;

/**
 * Records every change of vfs's tables as the state topic keeps them (vkernel.state.v1):
 * {@code task/<pid>}, {@code fd/<pid>/<fd>}, {@code file/<id>}, {@code inode/<ino>}. The
 * shard is the task's process tree (its pid until fork exists); inodes made for another
 * layer (sock_alloc) belong to no task and go to shard 0. Called under Vfs's lock.
 */
final class VfsJournal {
    private final StateChanges changes;

    VfsJournal(StateChanges changes) {
        this.changes = changes;
    }

    boolean recording() {
        return changes.recording();
    }

    void task(Task t) {
        if (!changes.recording()) {
            return;
        }
        changes.put(taskKey(t.pid()), t.pid(), VfsTask.newBuilder().setPid(t.pid()).setGeneration(t.generation())
                .setUid(t.cred().getUid()).setGid(t.cred().getGid()).setCapEffective(t.cred().getCapEffective())
                .setNetns(t.cred().getNetns()).setComm(com.google.protobuf.ByteString.copyFrom(t.commBytes()))
                .setNofileSoft(t.nofileSoft()).setNofileHard(t.nofileHard()).build());
    }

    void taskGone(Task t) {
        changes.delete(taskKey(t.pid()), t.pid());
    }

    /** The fd as the table holds it now: installed (its file and close-on-exec bit) or gone. */
    void fd(Task t, int fd) {
        if (!changes.recording()) {
            return;
        }
        File f = t.files().lookup(fd);
        String key = "fd/" + t.pid() + "/" + fd;
        if (f == null) {
            changes.delete(key, t.pid());
        } else {
            changes.put(key, t.pid(), VfsFd.newBuilder().setPid(t.pid()).setFd(fd).setFile(f.id())
                    .setCloexec(t.files().closeOnExec(fd)).build());
        }
    }

    /** The file as it is now: its flags and references, or a tombstone after the last fput. */
    void file(File f) {
        if (!changes.recording()) {
            return;
        }
        String key = "file/" + f.id();
        if (f.fCount() == 0) {
            changes.delete(key, f.shard());
        } else {
            changes.put(key, f.shard(), VfsFile.newBuilder().setId(f.id()).setIno(f.inode().ino())
                    .setFFlags(f.fFlags()).setFCount(f.fCount()).build());
        }
    }

    void inode(Inode i) {
        if (changes.recording()) {
            changes.put(inodeKey(i.ino()), 0, VfsInode.newBuilder().setIno(i.ino()).setMode(i.mode()).setFsType(i.fsType())
                    .setUid(i.uid()).build());
        }
    }

    void inodeGone(long ino) {
        changes.delete(inodeKey(ino), 0);
    }

    /** An item of an eventpoll as it is now (added, or changed by EPOLL_CTL_MOD or a EPOLLONESHOT report). */
    void epitem(Eventpoll ep, Epitem epi) {
        if (changes.recording()) {
            changes.put(epitemKey(ep.ino, epi.file.id(), epi.fd), ep.shard, VfsEpitem.newBuilder().setEpIno(ep.ino)
                    .setFile(epi.file.id()).setFd(epi.fd).setEvents(epi.events).setData(epi.data).build());
        }
    }

    void epitemGone(Eventpoll ep, Epitem epi) {
        epitemGone(ep.ino, epi.file.id(), epi.fd, ep.shard);
    }

    void epitemGone(long epIno, long fileId, int fd, int shard) {
        changes.delete(epitemKey(epIno, fileId, fd), shard);
    }

    static String epitemKey(long epIno, long fileId, int fd) {
        return "epitem/" + epIno + "/" + fileId + "/" + fd;
    }

    static String taskKey(int pid) {
        return "task/" + pid;
    }

    static String inodeKey(long ino) {
        return "inode/" + ino;
    }
}
