package vkernel.vfs.core;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Stat;

/**
 * Follows fs/fcntl.c:setfl, the rules of fcntl(F_SETFL): every check comes before any
 * change, so a refused call leaves f_flags as they were.
 */
final class Setfl {
    private Setfl() {}

    /** The f_flags the file gets from arg, or the errno Linux refuses it with. */
    record Outcome(Errno errno, int fFlags) {}

    static Outcome setfl(Cred cred, File filp, int arg) {
        Inode inode = filp.inode();
        // O_NOATIME can only be set by the inode's owner or with CAP_FOWNER
        if ((arg & Fcntl.O_NOATIME) != 0 && (filp.fFlags() & Fcntl.O_NOATIME) == 0
                && !inodeOwnerOrCapable(cred, inode)) {
            return new Outcome(Errno.ERRNO_EPERM, filp.fFlags());
        }
        // no file here has FMODE_CAN_ODIRECT (sockets, /dev/null); a FIFO would take it as packet mode
        if ((arg & Fcntl.O_DIRECT) != 0 && (inode.mode() & Stat.S_IFMT) != Stat.S_IFIFO) {
            return new Outcome(Errno.ERRNO_EINVAL, filp.fFlags());
        }
        int flags = (arg & Fcntl.SETFL_MASK) | (filp.fFlags() & ~Fcntl.SETFL_MASK);
        // ->fasync sets or clears FASYNC (sock_fasync); /dev/null's null_fops have none
        if (hasFasync(inode)) {
            flags = (flags & ~Fcntl.FASYNC) | (arg & Fcntl.FASYNC);
        }
        return new Outcome(Errno.ERRNO_UNSPECIFIED, flags);
    }

    /** fs/inode.c:inode_owner_or_capable (no id-mapped mounts here). */
    static boolean inodeOwnerOrCapable(Cred cred, Inode inode) {
        return cred.getUid() == inode.uid() || Capability.capable(cred.getCapEffective(), Capability.CAP_FOWNER);
    }

    private static boolean hasFasync(Inode inode) {
        return Vfs.SOCKFS.equals(inode.fsType());
    }
}
