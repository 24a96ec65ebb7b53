package vkernel.netlink.core;

import java.util.function.Supplier;
import vkernel.errno.v1.Errno;

/**
 * One step of the kernel's work as the event stream shows it (netlink_bind,
 * netlink_broadcast, rtnetlink_rcv_msg ...). The core names its steps; the service
 * layer publishes them as events. {@link #NONE} records nothing (unit tests).
 */
public interface Trace {
    Trace child(String function);

    Trace object(String name, Object value);

    Trace field(String name, Object value);

    void end(long result, Errno errno);

    /** Runs code whose calls to other layers descend from this step. */
    default <T> T within(Supplier<T> code) {
        return code.get();
    }

    default void end() {
        end(0, Errno.ERRNO_UNSPECIFIED);
    }

    default void endErrno(Errno e) {
        end(e == Errno.ERRNO_UNSPECIFIED ? 0 : -1, e);
    }

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
        public void end(long result, Errno errno) {
        }
    };
}
