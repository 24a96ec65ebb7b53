package vkernel.vfs.core;

import java.util.concurrent.CompletableFuture;
import vkernel.kernel.sched.CurrentCall;

/** The caller of a sleeping call, as a test can interrupt it (a signal: the client gone). */
final class Signal implements CurrentCall {
    private final CompletableFuture<Void> sent = new CompletableFuture<>();

    /** Sends the signal: interrupted() from now on, and every onInterrupt runs. */
    void send() {
        sent.complete(null);
    }

    @Override
    public long millisToDeadline() {
        return NO_DEADLINE;
    }

    @Override
    public boolean interrupted() {
        return sent.isDone();
    }

    @Override
    public void onInterrupt(Runnable onInterrupt) {
        sent.thenRun(onInterrupt);
    }
}
