package vkernel.kernel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;

class RecordingTraceTest {
    @Test
    void theTreeShowsEndedStepsUnderTheirParentsAndTheOrderTheyEnded() {
        RecordingTrace call = new RecordingTrace("socket");
        Trace create = call.child("__sock_create");
        Trace alloc = create.child("sock_alloc");
        create.child("never_ended");
        alloc.end();
        create.endErrno(Errno.ERRNO_EAFNOSUPPORT);
        call.end(-1, Errno.ERRNO_EAFNOSUPPORT);
        call.end(3, Errno.ERRNO_UNSPECIFIED); // a step ends once

        assertEquals("socket(__sock_create(sock_alloc))", call.tree());
        assertEquals(List.of("socket>__sock_create>sock_alloc", "socket>__sock_create EAFNOSUPPORT", "socket EAFNOSUPPORT"),
                call.endedSteps());
        assertEquals(-1, call.result());
        assertEquals(Errno.ERRNO_EAFNOSUPPORT, call.errno());
        assertEquals("sock_alloc", RecordingTrace.name(alloc));
        assertEquals("?", RecordingTrace.name(Trace.NONE));
    }
}
