package vkernel.vfs.core;

import vkernel.uapi.Fcntl;

/**
 * struct file: an open file description shared by every fd dup'ed from it. f_count
 * counts those fds; the last fput releases it.
 */
public final class File {
    private final long id;
    /** The process tree the file was opened in: its state record's shard. */
    private final int shard;
    private final Inode inode;
    private int fFlags;
    private int fCount = 1;
    /** f_ep: the epoll items watching this file, so that its last fput finds them at once. Under Vfs's lock. */
    final java.util.List<Epitem> fEp = new java.util.ArrayList<>(0);

    File(long id, int shard, Inode inode, int fFlags) {
        this.id = id;
        this.shard = shard;
        this.inode = inode;
        this.fFlags = fFlags;
    }

    /** This file's identity in the state topic (file/ID). */
    public long id() {
        return id;
    }

    int shard() {
        return shard;
    }

    /** A restored file holds the references its record counted. */
    void setFCount(int fCount) {
        this.fCount = fCount;
    }

    public Inode inode() {
        return inode;
    }

    public int fFlags() {
        return fFlags;
    }

    void setFFlags(int flags) {
        this.fFlags = flags;
    }

    public int fCount() {
        return fCount;
    }

    void get() {
        fCount++;
    }

    /** fput: true when this was the last reference. */
    boolean put() {
        return --fCount == 0;
    }

    /** FMODE_READ: opened O_RDONLY or O_RDWR. */
    public boolean readable() {
        int acc = fFlags & Fcntl.O_ACCMODE;
        return acc == Fcntl.O_RDONLY || acc == Fcntl.O_RDWR;
    }

    /** FMODE_WRITE: opened O_WRONLY or O_RDWR. */
    public boolean writable() {
        int acc = fFlags & Fcntl.O_ACCMODE;
        return acc == Fcntl.O_WRONLY || acc == Fcntl.O_RDWR;
    }

    public boolean nonblock() {
        return (fFlags & Fcntl.O_NONBLOCK) != 0;
    }
}
