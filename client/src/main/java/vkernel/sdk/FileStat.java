package vkernel.sdk;

/** The part of struct stat fstat(2) fills here: inode number, mode, and the filesystem ("sockfs"). */
public record FileStat(long ino, int mode, String fsType) {}
