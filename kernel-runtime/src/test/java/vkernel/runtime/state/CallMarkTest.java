package vkernel.runtime.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import io.grpc.Status;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CallMarkTest {
    /** A call waiting for another layer is not waited for by the commits that drained its changes, until that call closes. */
    @Test
    void aCallIsAwaitingRemoteFromTheStartOfItsOuterCallUntilItsClose() throws Exception {
        CallMark mark = new CallMark(Context.current());
        Context ctx = Context.current().withValue(CallMark.KEY, mark);
        Consumer<Status> first = ctx.wrap(CallMark::remoteCallStarted).call();
        Consumer<Status> second = ctx.wrap(CallMark::remoteCallStarted).call();
        assertTrue(mark.awaitingRemote());
        first.accept(Status.OK);
        first.accept(Status.OK); // a close counted once
        assertTrue(mark.awaitingRemote(), "the second call is still out");
        second.accept(Status.OK);
        assertFalse(mark.awaitingRemote());
        CallMark.remoteCallStarted().accept(Status.OK); // outside any call: nothing to count
    }

    /**
     * Only a call whose caller is gone and whose wait, in another layer or here, was cut
     * short with it is interrupted: a layer cancelling one of its own calls (poll's other
     * waits) is not, nor a call that answered before its caller left.
     */
    @Test
    void aCallIsInterruptedWhenItsCallerLeftAndTookARemoteWaitWithIt() throws Exception {
        Context.CancellableContext served = Context.current().withCancellation();
        CallMark mark = new CallMark(served);
        Context ctx = served.withValue(CallMark.KEY, mark);
        ctx.wrap(CallMark::remoteCallStarted).call().accept(Status.CANCELLED);
        assertFalse(mark.interrupted(), "its caller still waits for the answer");
        served.cancel(null);
        assertTrue(mark.interrupted());

        Context.CancellableContext gone = Context.current().withCancellation();
        gone.cancel(null);
        CallMark answered = new CallMark(gone);
        gone.withValue(CallMark.KEY, answered).wrap(CallMark::remoteCallStarted).call().accept(Status.OK);
        assertFalse(answered.interrupted(), "its remote calls answered: the outcome is the call's own");

        Context.CancellableContext sleeping = Context.current().withCancellation();
        CallMark slept = new CallMark(sleeping);
        Context sleeper = sleeping.withValue(CallMark.KEY, slept);
        sleeping.cancel(null);
        assertFalse(slept.interrupted(), "cancelled after it answered");
        CallMark.sleepInterrupted(sleeper);
        assertTrue(slept.interrupted(), "its own wait was cut short");
    }
}
