package vkernel.uapi.netlink;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Bytes as hex, and as the conformance oracle prints them (printable ASCII as is, \xHH otherwise). */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The oracle's escaped form of a scenario result. */
    static String quoted(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02x", c));
            }
        }
        return s.toString();
    }

    /** Parses the oracle's escaped form back into bytes. */
    static byte[] unquote(String q) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '\\') {
                char n = q.charAt(++i);
                if (n == 'x') {
                    out.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.write(n);
                }
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
