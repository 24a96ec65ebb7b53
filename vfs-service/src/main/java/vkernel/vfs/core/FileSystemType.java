package vkernel.vfs.core;

/**
 * struct file_system_type as another layer registers it: its name ("sockfs") and where
 * the layer that owns its superblock serves the file operations of its inodes.
 *
 * @param name the filesystem ("sockfs")
 * @param address where this kernel's layers reach the owner
 * @param publicAddress where users reach the owner (uname); the address when it gave none
 */
public record FileSystemType(String name, String address, String publicAddress) {
    /** The owner's row; an owner that names no public address is reached by users where the layers reach it. */
    public static FileSystemType of(String name, String address, String publicAddress) {
        return new FileSystemType(name, address, publicAddress == null || publicAddress.isEmpty() ? address : publicAddress);
    }
}
