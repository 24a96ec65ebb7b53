package vkernel.sdk;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Errnos;

/** A system call failed: it returned -1 and this errno, as libc reports it. */
public class ErrnoException extends RuntimeException {
    private final String call;
    private final int number;

    public ErrnoException(String call, int number) {
        super(call + ": " + name(number));
        this.call = call;
        this.number = number;
    }

    public ErrnoException(String call, Errno errno) {
        this(call, errno.getNumber());
    }

    /** The errno; UNRECOGNIZED for a number the Errno enum does not list. */
    public Errno errno() {
        return Errnos.of(number);
    }

    /** The errno as a number, whether or not the enum lists it. */
    public int number() {
        return number;
    }

    /** "EBADF", or "E%d" for a number the Errno enum does not list (as the oracle prints it). */
    public String errnoName() {
        return name(number);
    }

    /** The system call that failed ("socket", "recvfrom"...). */
    public String call() {
        return call;
    }

    static String name(int number) {
        Errno e = Errnos.of(number);
        return e == Errno.UNRECOGNIZED || number == 0 ? "E" + number : Errnos.name(e);
    }
}
