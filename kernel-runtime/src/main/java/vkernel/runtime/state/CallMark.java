package vkernel.runtime.state;

import io.grpc.Context;
import java.util.concurrent.CompletableFuture;

/**
 * One running call that carries a call id, as the state it changes knows it: the changes
 * made while it is the current call (its handler, and the callbacks of the calls it made,
 * which grpc runs in its context) are attributed to it, and {@link #committed} completes
 * with the sequence of its last record (its answer) once its commit handed them to the log.
 * A commit that drained its changes waits for that record's acknowledgement too.
 */
final class CallMark {
    static final Context.Key<CallMark> KEY = Context.key("vkernel-state-call");

    /** The log sequence up to which this call's answer is written; -1 when it records none. */
    final CompletableFuture<Long> committed = new CompletableFuture<>();

    /** The call the current thread serves, or null. */
    static Object current() {
        return KEY.get();
    }
}
