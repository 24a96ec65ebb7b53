package vkernel.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.JsonFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;

/**
 * Events on Kafka are read by tools that know proto3 JSON (vk trace, any consumer
 * using JsonFormat): the direct printer must print what JsonFormat prints, byte for byte.
 */
class EventJsonTest {
    private static final JsonFormat.Printer REFERENCE = JsonFormat.printer().omittingInsignificantWhitespace();

    @Test
    void aTypicalStepPrintsAsJsonFormatDoes() throws Exception {
        KernelEvent e = KernelEvent.newBuilder().setTraceId("4bf92f3577b34da6a3ce929d0e0e4736").setSpanId("00f067aa0ba902b7")
                .setParentSpanId("a3ce929d0e0e4736").setLayer("inet").setFunction("sock_init_data").setPid(42)
                .setSyscall("socket").putObjects("sock", "17").putFields("sk_rcvbuf", "131072")
                .putFields("sk_state", "TCP_CLOSE").setResult(3).setErrno(Errno.ERRNO_UNSPECIFIED)
                .setStartUnixMicros(1764680000123456L).setDurationNanos(5120).setInstanceId("inet-c106f17f").build();
        assertEquals(REFERENCE.print(e), EventJson.print(e));
    }

    @Test
    void defaultsAreLeftOutAndNegativeResultsAndErrnosAreKept() throws Exception {
        assertEquals(REFERENCE.print(KernelEvent.getDefaultInstance()), EventJson.print(KernelEvent.getDefaultInstance()));
        KernelEvent failed = KernelEvent.newBuilder().setFunction("socket").setResult(-1).setErrno(Errno.ERRNO_EAFNOSUPPORT)
                .setDurationNanos(-5).build();
        assertEquals(REFERENCE.print(failed), EventJson.print(failed));
        KernelEvent unknown = KernelEvent.newBuilder().setErrnoValue(4095).build();
        assertEquals(REFERENCE.print(unknown), EventJson.print(unknown));
    }

    @Test
    void everyCharacterIsEscapedAsJsonFormatEscapesIt() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        all.append("\ud83d\ude00 \ud800 end"); // a surrogate pair, and a lone surrogate
        KernelEvent e = KernelEvent.newBuilder().setFunction(all.toString()).putFields(all.toString(), all.toString())
                .putObjects("<&'=\">", "\\path\n").build();
        assertEquals(REFERENCE.print(e), EventJson.print(e));
    }

    @Test
    void randomEventsPrintAsJsonFormatDoes() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            KernelEvent.Builder b = KernelEvent.newBuilder();
            if (r.nextBoolean()) {
                b.setTraceId(text(r)).setSpanId(text(r));
            }
            if (r.nextBoolean()) {
                b.setParentSpanId(text(r));
            }
            b.setLayer(text(r)).setFunction(text(r)).setPid(r.nextInt(3) == 0 ? 0 : r.nextInt())
                    .setSyscall(r.nextBoolean() ? "" : text(r));
            for (int n = r.nextInt(4); n > 0; n--) {
                b.putObjects(text(r), text(r));
            }
            for (int n = r.nextInt(6); n > 0; n--) {
                b.putFields(text(r), text(r));
            }
            b.setResult(r.nextInt(3) == 0 ? 0 : r.nextLong()).setErrnoValue(r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(133))
                    .setStartUnixMicros(r.nextLong()).setDurationNanos(r.nextInt(4) == 0 ? 0 : r.nextLong())
                    .setInstanceId(r.nextBoolean() ? "" : text(r));
            KernelEvent e = b.build();
            assertEquals(REFERENCE.print(e), EventJson.print(e), "event " + i);
        }
    }

    private static String text(Random r) {
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(12); n > 0; n--) {
            s.append(r.nextInt(4) == 0 ? (char) r.nextInt(0x80) : (char) ('a' + r.nextInt(26)));
        }
        return s.toString();
    }
}
