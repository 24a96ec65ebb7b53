package vkernel.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import vkernel.event.v1.KernelEvent;

class LostEventsTest {
    private static KernelEvent at(long micros) {
        return KernelEvent.newBuilder().setLayer("vfs").setFunction("fd_install").setStartUnixMicros(micros).build();
    }

    @Test
    void nothingLostNothingReported() {
        assertNull(new LostEvents().take("vfs", "i", 1));
    }

    @Test
    void theReportSaysHowManyAndOverWhichSpan() {
        LostEvents lost = new LostEvents();
        lost.add(at(300));
        lost.add(at(100));
        lost.add(at(200));
        KernelEvent report = lost.take("vfs", "inst", 999);
        assertEquals(LostEvents.FUNCTION, report.getFunction());
        assertEquals("vfs", report.getLayer());
        assertEquals("3", report.getFieldsOrThrow("lost"));
        assertEquals("100", report.getFieldsOrThrow("from_unix_micros"));
        assertEquals("300", report.getFieldsOrThrow("to_unix_micros"));
        assertEquals(999, report.getStartUnixMicros());
        assertNull(lost.take("vfs", "inst", 1000), "a gap is reported once");
    }

    @Test
    void anUnsentReportIsCoveredByTheNext() {
        LostEvents lost = new LostEvents();
        lost.add(at(100));
        KernelEvent unsent = lost.take("inet", "i", 150);
        lost.add(at(500));
        lost.restore(unsent);
        KernelEvent next = lost.take("inet", "i", 600);
        assertEquals("2", next.getFieldsOrThrow("lost"));
        assertEquals("100", next.getFieldsOrThrow("from_unix_micros"));
        assertEquals("500", next.getFieldsOrThrow("to_unix_micros"));
    }
}
