package vkernel.socket.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import vkernel.errno.v1.Errno;

/**
 * A call to another layer that brought no answer, as opposed to an errno it answered:
 * the ports fail their futures with this. The caller's errno for it is EINTR when the
 * caller gave up while it waited (a signal), EMSGSIZE for a request too large for the
 * layer, EIO otherwise.
 */
public final class LayerFailure extends RuntimeException {
    /** Why no answer came. */
    public enum Kind {
        /** The caller's call was cancelled while it waited: the syscall is interrupted (EINTR). */
        INTERRUPTED,
        /** The service could not be reached at all: the module is gone, and its registration with it. */
        UNREACHABLE,
        /** Any other failure (a deadline under load, an internal error): this call fails (EIO), nothing more. */
        FAILED,
        /**
         * The request was larger than the layer takes (its transport's bound). Only a
         * message's data makes a request that large, and it is a message longer than the
         * family can send: EMSGSIZE, as netlink_sendmsg answers above sk_sndbuf.
         */
        TOO_LARGE
    }

    private final Kind kind;

    public LayerFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether t (or what it wraps) is a failure to reach the service at all. */
    public static boolean unreachable(Throwable t) {
        return unwrap(t) instanceof LayerFailure f && f.kind == Kind.UNREACHABLE;
    }

    /**
     * The errno of a failed call chain: its own errno for a step that failed and was
     * undone, EINTR for a signal, EMSGSIZE for a request too large, EIO when a layer gave no answer.
     */
    public static Errno errnoOf(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof Failed f) {
            return f.errno;
        }
        if (e instanceof LayerFailure f && f.kind == Kind.INTERRUPTED) {
            return Errno.ERRNO_EINTR;
        }
        if (e instanceof LayerFailure f && f.kind == Kind.TOO_LARGE) {
            return Errno.ERRNO_EMSGSIZE;
        }
        return Errno.ERRNO_EIO;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A step that failed with an errno after what it had done was undone: the errno is the call's answer. */
    static final class Failed extends RuntimeException {
        final Errno errno;

        Failed(Errno errno) {
            super(errno.name(), null, false, false);
            this.errno = errno;
        }
    }
}
