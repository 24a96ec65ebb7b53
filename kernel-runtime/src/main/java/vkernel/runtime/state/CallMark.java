package vkernel.runtime.state;

import io.grpc.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * The current call (if any) starts a call to another layer; returns what to run once
     * that call has closed.
     */
    public static Runnable remoteCallStarted() {
        CallMark m = KEY.get();
        if (m == null) {
            return () -> { };
        }
        m.remoteCalls.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                m.remoteCalls.decrementAndGet();
            }
        };
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
