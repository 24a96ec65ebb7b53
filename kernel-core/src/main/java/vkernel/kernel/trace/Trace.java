package vkernel.kernel.trace;

import java.util.function.Supplier;
import vkernel.errno.v1.Errno;

/**
 * One step of a layer's work (a kernel function such as sock_alloc, tcp_set_state,
 * netlink_bind), published as an event when it ends. The cores only describe their
 * steps; the binding turns them into kernel events. Publishing is cheap and never blocks.
 */
public interface Trace {
    /** A step this one causes. */
    Trace child(String function);

    /** An object the step works on (ino, fd, sock id ...). */
    Trace object(String name, Object value);

    /** A field the step read or set. */
    Trace field(String name, Object value);

    void end(long result, Errno errno);

    default void end() {
        end(0, Errno.ERRNO_UNSPECIFIED);
    }

    /** Ends as failed with errno, or as success with 0. */
    default void endErrno(Errno errno) {
        end(errno == Errno.ERRNO_UNSPECIFIED ? 0 : -1, errno);
    }

    /** Runs code whose calls to other layers descend from this step. */
    default <T> T within(Supplier<T> code) {
        return code.get();
    }

    /** Where steps that no syscall caused (timers) start. */
    interface Source {
        Trace root(String function);
    }

    /** A step that goes nowhere (tests, and work nobody watches). */
    Trace NONE = new Trace() {
        @Override
        public Trace child(String function) {
            return this;
        }

        @Override
        public Trace object(String name, Object value) {
            return this;
        }

        @Override
        public Trace field(String name, Object value) {
            return this;
        }

        @Override
        public void end(long result, Errno errno) {}
    };

    Source NO_SOURCE = function -> NONE;
}
