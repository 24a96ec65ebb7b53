package vkernel.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Which failures the SDK and the layers send again (the call's id makes that safe) and which they report. */
class ResendTest {
    @Test
    void aLayerThatWentAwayWithTheCallInFlightIsAskedAgain() {
        assertTrue(Resend.connectionLost(Status.UNAVAILABLE.withDescription("restoring state")));
        assertTrue(Resend.connectionLost(Status.UNKNOWN.withDescription("channel closed")));
        assertTrue(Resend.connectionLost(Status.INTERNAL.withDescription("RST_STREAM closed stream. HTTP/2 error code: INTERNAL_ERROR")),
                "a server that stopped resets the streams of the calls it still had");
    }

    @Test
    void aLayersOwnFailureOrTheCallersDeadlineIsNot() {
        assertFalse(Resend.connectionLost(Status.INTERNAL.withDescription("a bug")));
        assertFalse(Resend.connectionLost(Status.DEADLINE_EXCEEDED));
        assertFalse(Resend.connectionLost(Status.CANCELLED.withDescription("call cancelled by the client")));
        assertFalse(Resend.connectionLost(Status.UNAUTHENTICATED));
    }

    @Test
    void aLayerRestoringItsStateSaysSoAndNothingElseDoes() {
        assertTrue(Resend.restoring(Status.UNAVAILABLE.withDescription(Resend.RESTORING + ": 120 of 4000 records")));
        assertFalse(Resend.restoring(Status.UNAVAILABLE.withDescription("io exception: Connection refused")));
        assertFalse(Resend.restoring(Status.UNAVAILABLE));
        assertFalse(Resend.restoring(Status.INTERNAL.withDescription(Resend.RESTORING)));
    }
}
