package vkernel.contract;

import io.grpc.Status;

/**
 * When a caller may send a call again: the contracts' rule, the same for the SDK and for
 * a layer calling another. Sending again is safe because a call's id (metadata
 * vkernel-call) makes a layer that had answered it answer the same again.
 */
public final class Resend {
    private Resend() {}

    /** How a layer still reading its state back (RestoreGate) begins its UNAVAILABLE's description. */
    public static final String RESTORING = "restoring state";

    /**
     * The layer answered, and its answer is that it is still restoring its tables: it is
     * there and will serve, and it did not run the call.
     */
    public static boolean restoring(Status s) {
        return s.getCode() == Status.Code.UNAVAILABLE && s.getDescription() != null && s.getDescription().startsWith(RESTORING);
    }

    /**
     * The callee was away or went away during the call: UNAVAILABLE (also a layer still
     * restoring, or stopping), the UNKNOWN "channel closed" grpc-java reports when the
     * connection drops with the call in flight, or a stream the server reset (RST_STREAM:
     * it stopped with the call in flight).
     */
    public static boolean connectionLost(Status s) {
        if (s.getCode() == Status.Code.UNAVAILABLE) {
            return true;
        }
        if ((s.getCode() == Status.Code.INTERNAL || s.getCode() == Status.Code.CANCELLED) && s.getDescription() != null
                && s.getDescription().startsWith("RST_STREAM closed stream")) {
            return true;
        }
        if (s.getCode() != Status.Code.UNKNOWN) {
            return false;
        }
        if ("channel closed".equals(s.getDescription())) {
            return true;
        }
        for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
            if (c instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }
}
