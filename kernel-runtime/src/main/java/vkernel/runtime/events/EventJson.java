package vkernel.runtime.events;

import java.util.Map;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;

/**
 * KernelEvent as proto3 JSON, byte for byte what {@code JsonFormat.printer()
 * .omittingInsignificantWhitespace()} prints (fields in number order, defaults left out,
 * int64 as strings, enums by name, strings escaped as Gson does, HTML-safe), written
 * directly: every step of every syscall is printed, and the generic printer's
 * reflection cost several times the step itself.
 */
final class EventJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventJson() {}

    static String print(KernelEvent e) {
        StringBuilder b = new StringBuilder(256 + 32 * (e.getObjectsCount() + e.getFieldsCount()));
        b.append('{');
        boolean[] first = {true};
        string(b, first, "traceId", e.getTraceId());
        string(b, first, "spanId", e.getSpanId());
        string(b, first, "parentSpanId", e.getParentSpanId());
        string(b, first, "layer", e.getLayer());
        string(b, first, "function", e.getFunction());
        if (e.getPid() != 0) {
            name(b, first, "pid").append(e.getPid());
        }
        string(b, first, "syscall", e.getSyscall());
        map(b, first, "objects", e.getObjectsMap());
        map(b, first, "fields", e.getFieldsMap());
        int64(b, first, "result", e.getResult());
        if (e.getErrnoValue() != 0) {
            Errno errno = e.getErrno();
            name(b, first, "errno");
            if (errno == Errno.UNRECOGNIZED) {
                b.append(e.getErrnoValue()); // JsonFormat prints an unknown enum value as its number
            } else {
                quote(b, errno.name());
            }
        }
        int64(b, first, "startUnixMicros", e.getStartUnixMicros());
        int64(b, first, "durationNanos", e.getDurationNanos());
        string(b, first, "instanceId", e.getInstanceId());
        return b.append('}').toString();
    }

    private static StringBuilder name(StringBuilder b, boolean[] first, String name) {
        if (!first[0]) {
            b.append(',');
        }
        first[0] = false;
        return b.append('"').append(name).append("\":");
    }

    private static void string(StringBuilder b, boolean[] first, String name, String value) {
        if (!value.isEmpty()) {
            quote(name(b, first, name), value);
        }
    }

    private static void int64(StringBuilder b, boolean[] first, String name, long value) {
        if (value != 0) {
            name(b, first, name).append('"').append(value).append('"');
        }
    }

    private static void map(StringBuilder b, boolean[] first, String name, Map<String, String> m) {
        if (m.isEmpty()) {
            return;
        }
        name(b, first, name).append('{');
        boolean firstEntry = true;
        for (Map.Entry<String, String> en : m.entrySet()) {
            if (!firstEntry) {
                b.append(',');
            }
            firstEntry = false;
            quote(b, en.getKey());
            b.append(':');
            quote(b, en.getValue());
        }
        b.append('}');
    }

    /** A JSON string as Gson's HTML-safe writer escapes it (the escaping JsonFormat uses). */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\f' -> b.append("\\f");
                case '<', '>', '&', '=', '\'', '\u2028', '\u2029' -> unicode(b, c);
                default -> {
                    if (c < 0x20) {
                        unicode(b, c);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
    }
}
