package vkernel.vfs.core;

/**
 * struct inode of a pseudo filesystem: its number, mode, the superblock's filesystem
 * ("sockfs", "nullfs") and its owner (i_uid: sock_alloc gives a socket's inode the
 * creator's fsuid). The filesystem's owner (another layer for sockfs) holds what the
 * inode stands for.
 */
public record Inode(long ino, int mode, String fsType, int uid) {
    /** An inode owned by root, as inode_init_always leaves it. */
    public Inode(long ino, int mode, String fsType) {
        this(ino, mode, fsType, 0);
    }
}
