package vkernel.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vkernel.contract.Resend;

/** connect's first call: a kernel restoring its state is waited for; an address that does not answer fails at once. */
class RpcConnectTest {
    @Test
    void aKernelStillRestoringItsStateIsWaitedFor() {
        AtomicInteger attempts = new AtomicInteger();
        String answer = Rpc.invokeConnect("uname", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw Status.UNAVAILABLE.withDescription(Resend.RESTORING + ": 10 of 300 records").asRuntimeException();
            }
            return "Linux";
        });
        assertEquals("Linux", answer);
        assertEquals(4, attempts.get());
    }

    @Test
    void anAddressThatDoesNotAnswerFailsAtTheFirstAttempt() {
        AtomicInteger attempts = new AtomicInteger();
        KernelTransportException e = assertThrows(KernelTransportException.class, () -> Rpc.invokeConnect("uname", () -> {
            attempts.incrementAndGet();
            throw Status.UNAVAILABLE.withDescription("io exception: Connection refused").asRuntimeException();
        }));
        assertEquals(1, attempts.get());
        assertEquals(Status.Code.UNAVAILABLE, e.code());
    }
}
