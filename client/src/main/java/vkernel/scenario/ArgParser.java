package vkernel.scenario;

import java.util.OptionalInt;
import java.util.OptionalLong;
import vkernel.sdk.Linger;
import vkernel.sdk.SockAddr;
import vkernel.sdk.Timeval;
import vkernel.uapi.Constants;
import vkernel.uapi.Socket;
import vkernel.uapi.netlink.RtnetlinkGroups;

/** Argument tokens to values, with the oracle's rules and refusals (FORMAT.md, "Argument tokens"). */
final class ArgParser {
    /** The largest LEN a recv or read may ask for. */
    static final long MAX_RECV_LEN = 1 << 20;
    private static final long UINT32_MAX = 0xffffffffL;

    private ArgParser() {}

    /** parse_long: an optional '-' then decimal digits, fitting a C long; null otherwise. */
    static Long decimal(String s) {
        if (!s.matches("-?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null; // out of range, as strtol's ERANGE
        }
    }

    /** "SOCK_STREAM|SOCK_NONBLOCK", "0", "-1": constants by C name or integers, OR-ed. */
    static long constantExpr(String tok) throws ScenarioException {
        long v = 0;
        for (String part : tok.split("\\|")) {
            if (part.isEmpty()) {
                continue;
            }
            OptionalLong c = constant(part);
            Long n = c.isPresent() ? Long.valueOf(c.getAsLong()) : decimal(part);
            if (n == null) {
                throw new ScenarioException(0, "unknown constant or bad integer '" + part + "'");
            }
            v |= n;
        }
        if (tok.isEmpty() || tok.startsWith("|") || tok.endsWith("|") || tok.contains("||")) {
            throw new ScenarioException(0, "bad integer expression '" + tok + "'");
        }
        return v;
    }

    static OptionalLong constant(String name) {
        OptionalLong v = Constants.lookup(name);
        return v.isPresent() ? v : RtnetlinkGroups.lookup(name);
    }

    /** Every constant name {@link #constant} knows (what vk shell completes). */
    static java.util.SortedSet<String> constantNames() {
        return new java.util.TreeSet<>(Constants.all().keySet());
    }

    /** LEN of recv, recvfrom, read: 0..MAX_RECV_LEN. */
    static long length(String tok) throws ScenarioException {
        long v = constantExpr(tok);
        if (v < 0 || v > MAX_RECV_LEN) {
            throw new ScenarioException(0, "LEN must be 0.." + MAX_RECV_LEN + ", not '" + tok + "'");
        }
        return v;
    }

    static SockAddr address(String tok) throws ScenarioException {
        try {
            return SockAddr.parse(tok);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(0, "bad address '" + tok + "' (want A.B.C.D:PORT or nl:PORTID:GROUPS)");
        }
    }

    /** A dotted quad, host order. */
    static int ipv4(String tok, String what) throws ScenarioException {
        try {
            return SockAddr.parseIpv4(tok);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(0, "bad " + what + " '" + tok + "'");
        }
    }

    /**
     * "hello\n" with escapes \n \t \r \0 \\ \" \xHH. Each character of the line is one
     * byte (scenario files are read as ISO-8859-1, so any byte survives as itself).
     */
    static byte[] data(String tok) throws ScenarioException {
        int n = tok.length();
        if (n < 2 || tok.charAt(0) != '"' || tok.charAt(n - 1) != '"') {
            throw new ScenarioException(0, "bad data '" + tok + "' (want a quoted string)");
        }
        byte[] out = new byte[n];
        int len = 0;
        for (int p = 1; p < n - 1; p++) {
            char c = tok.charAt(p);
            if (c == '\\') {
                char e = tok.charAt(++p);
                switch (e) {
                    case 'n' -> c = '\n';
                    case 't' -> c = '\t';
                    case 'r' -> c = '\r';
                    case '0' -> c = '\0';
                    case '\\', '"' -> c = e;
                    case 'x' -> {
                        int hi = hexDigit(tok, p + 1);
                        int lo = hi < 0 ? -1 : hexDigit(tok, p + 2);
                        if (hi < 0 || lo < 0) {
                            throw new ScenarioException(0, "bad \\x escape in " + tok);
                        }
                        c = (char) (hi * 16 + lo);
                        p += 2;
                    }
                    default -> throw new ScenarioException(0, "unknown escape '\\" + e + "' in " + tok);
                }
            }
            out[len++] = (byte) c;
        }
        return java.util.Arrays.copyOf(out, len);
    }

    /** setsockopt VALUE: an int, "SEC,USEC" for SO_RCVTIMEO/SO_SNDTIMEO, else "ON,SECONDS". */
    static Arg sockoptValue(String tok, long level, long optname) throws ScenarioException {
        int comma = tok.indexOf(',');
        if (comma < 0) {
            return new Arg.Int(constantExpr(tok));
        }
        Long first = decimal(tok.substring(0, comma));
        Long second = decimal(tok.substring(comma + 1));
        boolean ok = first != null && second != null;
        if (isTimevalOpt(level, optname)) {
            if (!ok) {
                throw new ScenarioException(0, "bad timeval value '" + tok + "' (want SEC,USEC)");
            }
            return new Arg.TimevalValue(new Timeval(first, second));
        }
        if (!ok || first != (int) (long) first || second != (int) (long) second) {
            throw new ScenarioException(0, "bad linger value '" + tok + "' (want ON,SECONDS)");
        }
        return new Arg.LingerValue(new Linger((int) (long) first, (int) (long) second));
    }

    static boolean isTimevalOpt(long level, long optname) {
        return level == Socket.SOL_SOCKET && (optname == Socket.SO_RCVTIMEO || optname == Socket.SO_SNDTIMEO);
    }

    static boolean isLingerOpt(long level, long optname) {
        return level == Socket.SOL_SOCKET && optname == Socket.SO_LINGER;
    }

    /** nlroute's arguments after FD: add|del DST/LEN [via GW] [dev IFINDEX] [table N]. */
    static Statement.Route route(java.util.List<String> tok) throws ScenarioException {
        boolean add;
        if (tok.get(1).equals("add")) {
            add = true;
        } else if (tok.get(1).equals("del")) {
            add = false;
        } else {
            throw new ScenarioException(0, "nlroute wants add or del, not '" + tok.get(1) + "'");
        }
        String dstTok = tok.get(2);
        int slash = dstTok.indexOf('/');
        String bad = "bad route destination '" + dstTok + "' (want A.B.C.D/LEN)";
        if (slash < 0) {
            throw new ScenarioException(0, bad);
        }
        Long len = decimal(dstTok.substring(slash + 1));
        int dst;
        try {
            dst = SockAddr.parseIpv4(dstTok.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(0, bad);
        }
        if (len == null || len < 0 || len > 255) {
            throw new ScenarioException(0, bad);
        }
        OptionalInt gw = OptionalInt.empty();
        OptionalLong dev = OptionalLong.empty();
        OptionalLong table = OptionalLong.empty();
        for (int i = 3; i < tok.size(); i += 2) {
            String opt = tok.get(i);
            if (i + 1 >= tok.size()) {
                throw new ScenarioException(0, "nlroute option '" + opt + "' wants a value");
            }
            String v = tok.get(i + 1);
            if (opt.equals("via") && gw.isEmpty()) {
                gw = OptionalInt.of(ipv4(v, "gateway"));
            } else if (opt.equals("dev") && dev.isEmpty()) {
                dev = OptionalLong.of(u32(v, "ifindex"));
            } else if (opt.equals("table") && table.isEmpty()) {
                table = OptionalLong.of(u32(v, "table"));
            } else {
                throw new ScenarioException(0, "unknown or repeated nlroute option '" + opt + "'");
            }
        }
        return new Statement.Route(add, dst, (int) (long) len, gw, dev, table);
    }

    private static long u32(String tok, String what) throws ScenarioException {
        Long v = decimal(tok);
        if (v == null || v < 0 || v > UINT32_MAX) {
            throw new ScenarioException(0, "bad " + what + " '" + tok + "'");
        }
        return v;
    }

    private static int hexDigit(String s, int i) {
        char c = i < s.length() ? s.charAt(i) : 0;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
