package vkernel.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;

/** Trees are rebuilt from events in any order, and drawn indented by parent. */
class TreePrinterTest {
    private static KernelEvent e(String span, String parent, String layer, String fn, long start) {
        return KernelEvent.newBuilder().setTraceId("t1").setSpanId(span).setParentSpanId(parent).setLayer(layer)
                .setFunction(fn).setStartUnixMicros(start).setPid(101).build();
    }

    @Test
    void eventsArrivingOutOfOrderStillFormTheTree() {
        List<KernelEvent> events = List.of(
                e("c", "b", "vfs", "new_inode_pseudo", 3).toBuilder().putObjects("ino", "12").build(),
                e("d", "a", "socket", "sock_map_fd", 5),
                e("b", "a", "socket", "sock_alloc", 2),
                e("a", "client", "socket", "socket", 1).toBuilder().setResult(3).build(),
                e("f", "e", "inet", "gone", 9).toBuilder().setErrno(Errno.ERRNO_EINTR).build());
        TraceAssembler asm = new TraceAssembler(10);
        for (KernelEvent ev : events) {
            asm.add(ev, 1_000, 0);
        }
        assertEquals(List.of(), asm.complete(5), "still inside the grace period");
        List<CallTree> done = asm.complete(10);
        assertEquals(1, done.size());
        assertEquals("""
                pid 101  socket = 3
                  socket sock_alloc
                    vfs new_inode_pseudo ino=*
                  socket sock_map_fd
                  (parent not seen) inet gone = -1 EINTR
                """, new TreePrinter(true).print(done.get(0)));
    }

    @Test
    void aReportedGapIsPrintedWithItsCountAndSpan() {
        KernelEvent lost = KernelEvent.newBuilder().setLayer("inet").setFunction(TreePrinter.EVENTS_LOST)
                .putFields("lost", "196246").putFields("from_unix_micros", "1780000000000000")
                .putFields("to_unix_micros", "1780000044000000").build();
        assertEquals("!! inet: 196246 events lost between 2026-05-28T20:26:40Z and 2026-05-28T20:27:24Z;"
                + " calls of that time may miss steps\n", new TreePrinter(false).gap(lost));
        assertEquals("!! inet: 196246 events lost; calls of that time may miss steps\n", new TreePrinter(true).gap(lost));
    }
}
