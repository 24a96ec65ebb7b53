package vkernel.socket.core;

import vkernel.kernel.trace.RecordingTrace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;

/** vfs-service in memory: an inode table and one task's fd table, with failures to inject. */
final class FakeVfs implements Vfs {
    record OpenFile(long ino, String fsType, int fFlags, boolean cloexec) {}

    final TreeSet<Long> inodes = new TreeSet<>();
    final Map<Integer, OpenFile> fds = new HashMap<>();
    final TreeSet<Integer> held = new TreeSet<>();
    /** Which step each call ran within ("newInode@sock_alloc"). */
    final List<String> calls = new ArrayList<>();
    int maxFds = 1024;
    long nextIno = 100;

    Errno newInodeErrno = Errno.ERRNO_UNSPECIFIED;
    Errno getUnusedFdErrno = Errno.ERRNO_UNSPECIFIED;
    Errno fdInstallErrno = Errno.ERRNO_UNSPECIFIED;
    Errno fgetErrno = Errno.ERRNO_UNSPECIFIED;
    LayerFailure.Kind fgetFails;

    /** Opens a file that is not a socket (a tty, a pipe) at fd. */
    void openOther(int fd, String fsType) {
        long ino = nextIno++;
        inodes.add(ino);
        fds.put(fd, new OpenFile(ino, fsType, 2, false));
    }

    @Override
    public CompletableFuture<Inode> newInode(Cred cred, String fsType, Trace within) {
        calls.add("newInode@" + RecordingTrace.name(within));
        if (newInodeErrno != Errno.ERRNO_UNSPECIFIED) {
            return CompletableFuture.completedFuture(new Inode(newInodeErrno, 0));
        }
        long ino = nextIno++;
        inodes.add(ino);
        return CompletableFuture.completedFuture(new Inode(Errno.ERRNO_UNSPECIFIED, ino));
    }

    @Override
    public CompletableFuture<Void> iput(long ino, Trace within) {
        calls.add("iput@" + RecordingTrace.name(within));
        inodes.remove(ino);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Fd> getUnusedFd(Cred cred, int atFd, Trace within) {
        calls.add("getUnusedFd@" + RecordingTrace.name(within));
        if (getUnusedFdErrno != Errno.ERRNO_UNSPECIFIED) {
            return CompletableFuture.completedFuture(new Fd(getUnusedFdErrno, -1));
        }
        if (atFd >= 0 && (fds.containsKey(atFd) || held.contains(atFd))) {
            return CompletableFuture.completedFuture(new Fd(Errno.ERRNO_EBUSY, -1));
        }
        int fd = atFd >= 0 ? atFd : lowestFree();
        if (fd < 0) {
            return CompletableFuture.completedFuture(new Fd(Errno.ERRNO_EMFILE, -1));
        }
        held.add(fd);
        return CompletableFuture.completedFuture(new Fd(Errno.ERRNO_UNSPECIFIED, fd));
    }

    @Override
    public CompletableFuture<Void> putUnusedFd(Cred cred, int fd, Trace within) {
        calls.add("putUnusedFd@" + RecordingTrace.name(within));
        held.remove(fd);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Fd> fdInstall(Cred cred, long ino, int fFlags, boolean cloexec, int reservedFd, int atFd, Trace within) {
        calls.add("fdInstall@" + RecordingTrace.name(within));
        if (fdInstallErrno != Errno.ERRNO_UNSPECIFIED) {
            return CompletableFuture.completedFuture(new Fd(fdInstallErrno, -1));
        }
        if (reservedFd < 0 && atFd >= 0 && (fds.containsKey(atFd) || held.contains(atFd))) {
            return CompletableFuture.completedFuture(new Fd(Errno.ERRNO_EBUSY, -1));
        }
        int fd = reservedFd >= 0 ? reservedFd : atFd >= 0 ? atFd : lowestFree();
        if (fd < 0) {
            return CompletableFuture.completedFuture(new Fd(Errno.ERRNO_EMFILE, -1));
        }
        held.remove(fd);
        fds.put(fd, new OpenFile(ino, "sockfs", fFlags, cloexec));
        return CompletableFuture.completedFuture(new Fd(Errno.ERRNO_UNSPECIFIED, fd));
    }

    @Override
    public CompletableFuture<File> fget(Cred cred, int fd, Trace within) {
        calls.add("fget@" + RecordingTrace.name(within));
        if (fgetFails != null) {
            return CompletableFuture.failedFuture(new LayerFailure(fgetFails, "injected", null));
        }
        if (fgetErrno != Errno.ERRNO_UNSPECIFIED) {
            return CompletableFuture.completedFuture(new File(fgetErrno, 0, "", 0));
        }
        OpenFile f = fds.get(fd);
        return CompletableFuture.completedFuture(f == null ? new File(Errno.ERRNO_EBADF, 0, "", 0)
                : new File(Errno.ERRNO_UNSPECIFIED, f.ino(), f.fsType(), f.fFlags()));
    }

    @Override
    public CompletableFuture<java.util.Set<Long>> heldInodes(String fsType, Trace within) {
        calls.add("heldInodes@" + RecordingTrace.name(within));
        java.util.Set<Long> held = new java.util.HashSet<>();
        fds.values().stream().filter(f -> f.fsType().equals(fsType)).forEach(f -> held.add(f.ino()));
        return CompletableFuture.completedFuture(held);
    }

    private int lowestFree() {
        for (int fd = 0; fd < maxFds; fd++) {
            if (!fds.containsKey(fd) && !held.contains(fd)) {
                return fd;
            }
        }
        return -1;
    }
}
