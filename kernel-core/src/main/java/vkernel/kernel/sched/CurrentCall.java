package vkernel.kernel.sched;

import java.util.Iterator;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The caller of the syscall being served, as a sleeping task sees it: whether a signal
 * is pending (the caller gave up: a cancelled call, a passed deadline) and how long until
 * its deadline. The cores ask this instead of a transport's own context; the binding
 * that carries calls (gRPC) provides it through {@link Provider}, found with
 * {@link ServiceLoader}. Without a provider (plain unit tests) no call is ever
 * interrupted and none has a deadline.
 */
public interface CurrentCall {
    /** No deadline: {@link #millisToDeadline()} of a call that has none. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /** Milliseconds until the caller's deadline ({@link #NO_DEADLINE} if it has none; may be negative). */
    long millisToDeadline();

    /** signal_pending(current): the caller is gone or its deadline passed. */
    boolean interrupted();

    /**
     * Runs onInterrupt once when the caller is interrupted (at once if it already is):
     * how a sleeping call learns of the signal without polling for it.
     */
    void onInterrupt(Runnable onInterrupt);

    /** A call nobody will interrupt (timers, tests). */
    CurrentCall NONE = new CurrentCall() {
        @Override
        public long millisToDeadline() {
            return NO_DEADLINE;
        }

        @Override
        public boolean interrupted() {
            return false;
        }

        @Override
        public void onInterrupt(Runnable onInterrupt) {}
    };

    /** The call the current thread is serving. */
    static CurrentCall get() {
        return Holder.PROVIDER.get();
    }

    /** What a binding registers (META-INF/services/vkernel.kernel.sched.CurrentCall$Provider). */
    interface Provider extends Supplier<CurrentCall> {}

    /** The provider, looked up once. */
    final class Holder {
        static final Supplier<CurrentCall> PROVIDER = load();

        private Holder() {}

        private static Supplier<CurrentCall> load() {
            Iterator<Provider> it = ServiceLoader.load(Provider.class, CurrentCall.class.getClassLoader()).iterator();
            return it.hasNext() ? it.next() : () -> NONE;
        }
    }
}
