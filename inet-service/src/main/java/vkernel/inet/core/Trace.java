package vkernel.inet.core;

import vkernel.errno.v1.Errno;

/**
 * One step of the stack's work (a kernel function such as tcp_set_state), published
 * as an event when it ends. The core only describes steps; the service binding turns
 * them into kernel events. Publishing is cheap and never blocks.
 */
public interface Trace {
    /** A step this one causes. */
    Trace child(String function);

    Trace object(String name, Object value);

    Trace field(String name, Object value);

    void end(long result, Errno errno);

    default void end() {
        end(0, Errno.ERRNO_UNSPECIFIED);
    }

    /** Ends as failed with errno, or as success with 0. */
    default void endErrno(Errno errno) {
        end(errno == Errno.ERRNO_UNSPECIFIED ? 0 : -1, errno);
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
