package vkernel.runtime.state;

import io.grpc.Context;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One running call that carries a call id, as the state it changes knows it: the changes
 * made while it is the current call (its handler, and the callbacks of the calls it made,
 * which grpc runs in its context) are attributed to it, and {@link #committed} completes
 * with the sequence of its last record (its answer) once its commit handed them to the log.
 * A commit that drained its changes waits for that record's acknowledgement too, unless
 * the call is waiting for another layer meanwhile: its answer then takes as long as that
 * layer does (a blocked accept, a loaded machine), and every commit that drained one of its
 * changes would wait as long. Such a call's steps are those inner layers replay on its
 * retry, so what it recorded before is rewritten alike rather than made twice.
 */
public final class CallMark {
    static final Context.Key<CallMark> KEY = Context.key("vkernel-state-call");

    /** The log sequence up to which this call's answer is written; -1 when it records none. */
    final CompletableFuture<Long> committed = new CompletableFuture<>();

    private final AtomicInteger remoteCalls = new AtomicInteger();

    /** The context grpc serves the call in: cancelled when its caller is gone. */
    private final Context served;

    /** Whether a wait of the call, here or in a layer it called, ended because the call was cancelled. */
    private volatile boolean waitCancelled;

    CallMark(Context served) {
        this.served = served;
    }

    /**
     * The current call (if any) starts a call to another layer; returns what to run with
     * that call's status once it has closed.
     */
    public static Consumer<Status> remoteCallStarted() {
        CallMark m = KEY.get();
        if (m == null) {
            return status -> { };
        }
        m.remoteCalls.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return status -> {
            if (closed.compareAndSet(false, true)) {
                if (status.getCode() == Status.Code.CANCELLED || status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    m.waitCancelled = true;
                }
                m.remoteCalls.decrementAndGet();
            }
        };
    }

    /** A sleeping call in context was woken because its caller is gone (see {@link #interrupted}). */
    public static void sleepInterrupted(Context context) {
        CallMark m = KEY.get(context);
        if (m != null) {
            m.waitCancelled = true;
        }
    }

    /**
     * Whether the call was interrupted: its caller went away (a signal, or a layer
     * stopping under it) and took with it a wait, here or in another layer. Its answer
     * (EINTR) is the interruption's, not the call's outcome: a retry of the call runs it
     * again, as Linux restarts a syscall that returned ERESTARTSYS. Recorded, it would
     * answer EINTR to the retry a layer's restart makes.
     */
    boolean interrupted() {
        return waitCancelled && served.isCancelled();
    }

    /** Whether the call is waiting for another layer now. */
    boolean awaitingRemote() {
        return remoteCalls.get() > 0;
    }

    /** The call the current thread serves, or null. */
    static Object current() {
        return KEY.get();
    }
}
