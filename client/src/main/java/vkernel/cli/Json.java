package vkernel.cli;

import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for --output json and vk bench's results: maps (in their own
 * order), lists, strings, numbers, booleans and null, indented by two spaces, as jq
 * prints them. A double that is not a number is null; any other object is its string.
 * {@link #line} writes the same on one line with no spaces, for files of many records
 * (vk trace --perfetto).
 */
public final class Json {
    private Json() {}

    /** {@code value} as JSON text, with no trailing newline. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.toString();
    }

    /** {@code value} as JSON text on one line, with no spaces and no trailing newline. */
    public static String line(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, null);
        return b.toString();
    }

    /** indent null: on one line. */
    private static void write(StringBuilder b, Object v, String indent) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            quote(b, s);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            b.append(Double.isNaN(d) || Double.isInfinite(d) ? "null" : number(d));
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            if (indent == null) {
                b.append('{');
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    quote(b, e.getKey().toString());
                    b.append(':');
                    write(b, e.getValue(), null);
                    b.append(++i < m.size() ? "," : "}");
                }
                return;
            }
            String inner = indent + "  ";
            b.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(inner);
                quote(b, e.getKey().toString());
                b.append(": ");
                write(b, e.getValue(), inner);
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            if (indent == null) {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    write(b, l.get(i), null);
                    b.append(i + 1 < l.size() ? "," : "]");
                }
                return;
            }
            String inner = indent + "  ";
            b.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                b.append(inner);
                write(b, l.get(i), inner);
                b.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else {
            quote(b, v.toString());
        }
    }

    /** A whole double without its ".0" (as jq prints 3.0), any other as Java prints it. */
    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped. */
    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
