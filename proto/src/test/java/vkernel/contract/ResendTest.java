package vkernel.sdk;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Which failures the SDK sends again (the call's id makes that safe) and which it reports. */
class RpcConnectionLostTest {
    @Test
    void aLayerThatWentAwayWithTheCallInFlightIsAskedAgain() {
        assertTrue(Rpc.connectionLost(Status.UNAVAILABLE.withDescription("restoring state")));
        assertTrue(Rpc.connectionLost(Status.UNKNOWN.withDescription("channel closed")));
        assertTrue(Rpc.connectionLost(Status.INTERNAL.withDescription("RST_STREAM closed stream. HTTP/2 error code: INTERNAL_ERROR")),
                "a server that stopped resets the streams of the calls it still had");
    }

    @Test
    void aLayersOwnFailureOrTheCallersDeadlineIsNot() {
        assertFalse(Rpc.connectionLost(Status.INTERNAL.withDescription("a bug")));
        assertFalse(Rpc.connectionLost(Status.DEADLINE_EXCEEDED));
        assertFalse(Rpc.connectionLost(Status.CANCELLED.withDescription("call cancelled by the client")));
        assertFalse(Rpc.connectionLost(Status.UNAUTHENTICATED));
    }
}
