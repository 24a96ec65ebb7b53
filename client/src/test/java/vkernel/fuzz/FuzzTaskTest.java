package vkernel.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.sdk.CallInterruptedException;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.KernelTransportException;

/** What the fuzzer counts as an answer and what as a finding. */
class FuzzTaskTest {
    private final FuzzReport report = new FuzzReport(1, 1);
    private final FuzzTask t = new FuzzTask(null, 1, false, report);

    @Test
    void successAndLinuxErrnosAreAnswersCountedByName() {
        assertEquals(3, t.call("socket", "", () -> 3));
        assertNull(t.call("close", "fd=-1", () -> {
            throw new ErrnoException("close", Errno.ERRNO_EBADF);
        }));
        assertEquals(Map.of("ok", 1L, "EBADF", 1L), report.histogram());
        assertEquals(List.of(), report.findings());
        assertEquals(2, report.calls());
    }

    @Test
    void aGrpcStatusASleepingCallAnUnknownErrnoOrAnyExceptionIsAFinding() {
        t.call("recvmsg", "fd=3 len=huge", () -> {
            throw new KernelTransportException("recvmsg", Status.INTERNAL.withDescription("boom"), null);
        });
        t.call("accept4", "fd=4", () -> {
            throw new CallInterruptedException("accept4");
        });
        t.call("bind", "fd=5", () -> {
            throw new ErrnoException("bind", 4095);
        });
        t.call("poll", "nfds=1", () -> {
            throw new IllegalStateException("bad");
        });
        t.call("recvmsg", "fd=6", () -> {
            throw new KernelTransportException("recvmsg", Status.INTERNAL.withDescription("boom"), null);
        });
        assertEquals(Map.of(), report.histogram());
        assertEquals(5, report.findingCount());
        List<FuzzReport.Finding> f = report.findings();
        assertEquals(4, f.size(), f.toString());
        assertEquals("recvmsg", f.get(0).call());
        assertEquals(2, f.get(0).count());
        assertEquals("fd=3 len=huge", f.get(0).example(), "the first example is kept");
    }
}
