package vkernel.kernel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.state.v1.CallOutcome;

class StateChangesTest {
    private final StateChanges changes = new StateChanges();
    private Object current;

    StateChangesTest() {
        changes.attribute(() -> current);
    }

    private void put(String key, Object byCall) {
        current = byCall;
        changes.put(key, 0, CallOutcome.newBuilder().setMethod(key).build());
        current = null;
    }

    @Test
    void aDrainNamesTheCallsWhoseChangesItTookBeforeTheyAnswered() {
        Object a = "call a";
        Object b = "call b";
        put("sock/1", a);
        put("sock/2", b);
        changes.settle(b); // b recorded its answer; a is still running

        StateChanges.Drained d = changes.drainAttributed();
        assertEquals(2, d.records().size());
        assertEquals(List.of(a), d.unsettled(), "the commit that took a's change must wait for a's answer");
    }

    @Test
    void changesOfNoCallAndOfSettledCallsWaitForNothing() {
        put("timer/1", null);
        put("sock/1", "call a");
        changes.settle("call a");
        assertEquals(List.of(), changes.drainAttributed().unsettled());
        put("sock/2", "call a"); // a later change of the same call, after it answered once more
        assertEquals(List.of("call a"), changes.drainAttributed().unsettled());
    }

    @Test
    void aKeyChangedAgainBelongsToItsLastMaker() {
        put("sock/1", "call a");
        put("sock/1", null); // a timer changed the same object after
        assertEquals(List.of(), changes.drainAttributed().unsettled(), "nothing of a's is in the drain any more");
    }
}
