package vkernel.socket.core;

import vkernel.errno.v1.Errno;

/** A syscall's result as the user sees it: the return value, or -1 and the errno. */
public record SysRet(long ret, Errno errno) {
    public static SysRet error(Errno e) {
        return new SysRet(-1, e);
    }

    /** 0 for success, -1 and the errno otherwise: what most socket calls return. */
    public static SysRet zeroOr(Errno e) {
        return new SysRet(e == Errno.ERRNO_UNSPECIFIED ? 0 : -1, e);
    }
}
