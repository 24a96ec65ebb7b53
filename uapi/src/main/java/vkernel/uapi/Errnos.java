package vkernel.uapi;

import vkernel.errno.v1.Errno;

/** Errno names as C spells them (EBADF), and the numbers netlink carries negated. */
public final class Errnos {
    private static final String PREFIX = "ERRNO_";

    private Errnos() {}

    /** "EBADF" for ERRNO_EBADF; "0" for success. */
    public static String name(Errno e) {
        if (e == Errno.ERRNO_UNSPECIFIED) {
            return "0";
        }
        if (e == Errno.UNRECOGNIZED) {
            return "UNRECOGNIZED";
        }
        return e.name().substring(PREFIX.length());
    }

    /** The errno for a positive number; UNRECOGNIZED when Linux has no such errno here. */
    public static Errno of(int number) {
        Errno e = Errno.forNumber(number);
        return e == null ? Errno.UNRECOGNIZED : e;
    }

    /** Looks up "EBADF" (or "ERRNO_EBADF"). */
    public static Errno byName(String name) {
        return Errno.valueOf(name.startsWith(PREFIX) ? name : PREFIX + name);
    }
}
