package vkernel.runtime.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Context;
import org.junit.jupiter.api.Test;

class CallMarkTest {
    /** A call waiting for another layer is not waited for by the commits that drained its changes, until that call closes. */
    @Test
    void aCallIsAwaitingRemoteFromTheStartOfItsOuterCallUntilItsClose() throws Exception {
        CallMark mark = new CallMark();
        Context ctx = Context.current().withValue(CallMark.KEY, mark);
        Runnable first = ctx.wrap(CallMark::remoteCallStarted).call();
        Runnable second = ctx.wrap(CallMark::remoteCallStarted).call();
        assertTrue(mark.awaitingRemote());
        first.run();
        first.run(); // a close counted once
        assertTrue(mark.awaitingRemote(), "the second call is still out");
        second.run();
        assertFalse(mark.awaitingRemote());
        CallMark.remoteCallStarted().run(); // outside any call: nothing to count
    }
}
