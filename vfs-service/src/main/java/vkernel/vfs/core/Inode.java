package vkernel.vfs.core;

/**
 * struct inode of a pseudo filesystem: its number, mode and the superblock's
 * filesystem ("sockfs", "nullfs"). The filesystem's owner (another layer for sockfs)
 * holds what the inode stands for.
 */
public record Inode(long ino, int mode, String fsType) {}
