package vkernel.vfs.core;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * struct files_struct: a task's fd table (fs/file.c). The lowest free fd is always the
 * one handed out; close_on_exec is a bit per fd.
 */
public final class FilesStruct {
    private final List<File> fds = new ArrayList<>();
    private final BitSet closeOnExec = new BitSet();
    /** fds held by get_unused_fd_flags for a file not installed yet: taken, but not open. */
    private final BitSet reserved = new BitSet();
    private int open;

    public File lookup(int fd) {
        if (fd < 0 || fd >= fds.size()) {
            return null;
        }
        return fds.get(fd);
    }

    /** alloc_fd: the lowest free fd at or above start and below limit, or -1. */
    int allocFd(int start, long limit) {
        for (int fd = Math.max(start, 0); fd < limit; fd++) {
            if ((fd >= fds.size() || fds.get(fd) == null) && !reserved.get(fd)) {
                return fd;
            }
        }
        return -1;
    }

    /** Whether fd is free: neither open nor held by a file being made. */
    boolean isFree(int fd) {
        return fd >= 0 && (fd >= fds.size() || fds.get(fd) == null) && !reserved.get(fd);
    }

    /** get_unused_fd_flags without the file: holds fd (from allocFd) until install or unreserve. */
    void reserve(int fd) {
        reserved.set(fd);
    }

    boolean isReserved(int fd) {
        return fd >= 0 && reserved.get(fd);
    }

    /** put_unused_fd. */
    void unreserve(int fd) {
        reserved.clear(fd);
    }

    /** fd_install: the caller has chosen a free fd, or holds it reserved. */
    void install(int fd, File file, boolean cloexec) {
        reserved.clear(fd);
        while (fds.size() <= fd) {
            fds.add(null);
        }
        if (fds.get(fd) == null) {
            open++;
        }
        fds.set(fd, file);
        closeOnExec.set(fd, cloexec);
    }

    /** Removes fd from the table and returns the file it held (null if none). */
    File remove(int fd) {
        File f = lookup(fd);
        if (f != null) {
            fds.set(fd, null);
            closeOnExec.clear(fd);
            open--;
            while (!fds.isEmpty() && fds.get(fds.size() - 1) == null) {
                fds.remove(fds.size() - 1);
            }
        }
        return f;
    }

    public boolean closeOnExec(int fd) {
        return closeOnExec.get(fd);
    }

    void setCloseOnExec(int fd, boolean on) {
        closeOnExec.set(fd, on);
    }

    public int openCount() {
        return open;
    }

    /** Every open fd, lowest first. */
    public List<Integer> openFds() {
        List<Integer> out = new ArrayList<>(open);
        for (int fd = 0; fd < fds.size(); fd++) {
            if (fds.get(fd) != null) {
                out.add(fd);
            }
        }
        return out;
    }
}
