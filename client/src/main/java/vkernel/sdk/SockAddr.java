package vkernel.sdk;

import java.util.Arrays;
import java.util.Optional;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;

/**
 * A socket address as the kernel takes and gives it: the raw bytes of a struct
 * sockaddr_in, sockaddr_nl, or whatever the kernel filled in. Built from typed values,
 * shown in the scenario token format ({@code 127.0.0.1:8080}, {@code nl:PORTID:GROUPS},
 * {@code -} when empty, the family's name for a family without a token format).
 */
public final class SockAddr {
    private static final SockAddr NONE = new SockAddr(new byte[0]);

    private final byte[] raw;

    private SockAddr(byte[] raw) {
        this.raw = raw;
    }

    /** No address (msg_name absent, or a length of 0 filled in). */
    public static SockAddr none() {
        return NONE;
    }

    /** Any bytes, as passed to or received from the kernel. */
    public static SockAddr of(byte[] raw) {
        return raw.length == 0 ? NONE : new SockAddr(raw.clone());
    }

    /** struct sockaddr_in for a dotted-quad address and a port. */
    public static SockAddr inet(String host, int port) {
        return inet(parseIpv4(host), port);
    }

    /** struct sockaddr_in for a host-order address and a port. */
    public static SockAddr inet(int hostOrderAddr, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new SockAddr(new SockaddrIn(port, hostOrderAddr).encode());
    }

    /** struct sockaddr_nl; portid 0 is the kernel (or "choose one for me" in bind). */
    public static SockAddr netlink(int portid, int groups) {
        return new SockAddr(new SockaddrNl(portid, groups).encode());
    }

    /**
     * Parses the token format: {@code A.B.C.D:PORT} (port 0..65535) or
     * {@code nl:PORTID:GROUPS} (portid -2^31..2^32-1, groups 0..2^32-1), decimal.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static SockAddr parse(String token) {
        if (token.startsWith("nl:")) {
            String rest = token.substring(3);
            int colon = rest.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad netlink address '" + token + "' (want nl:PORTID:GROUPS)");
            }
            long portid = decimal(rest.substring(0, colon), Integer.MIN_VALUE, 0xffffffffL, token);
            long groups = decimal(rest.substring(colon + 1), 0, 0xffffffffL, token);
            return netlink((int) portid, (int) groups);
        }
        int colon = token.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("bad address '" + token + "' (want A.B.C.D:PORT or nl:PORTID:GROUPS)");
        }
        int addr = parseIpv4(token.substring(0, colon));
        return inet(addr, (int) decimal(token.substring(colon + 1), 0, 0xffff, token));
    }

    /**
     * A strict dotted quad, as inet_pton(AF_INET) reads it: four decimal parts 0..255,
     * no sign, no leading zero.
     */
    public static int parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        int a = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            a = a << 8 | Integer.parseInt(p);
        }
        return a;
    }

    public static String formatIpv4(int hostOrderAddr) {
        return SockaddrIn.formatAddr(hostOrderAddr);
    }

    /** "AF_INET6" for 10...; "AF_%d" for a family without a name here. */
    public static String familyName(int family) {
        switch (family) {
            case Socket.AF_UNSPEC: return "AF_UNSPEC";
            case Socket.AF_UNIX: return "AF_UNIX";
            case Socket.AF_INET: return "AF_INET";
            case Socket.AF_INET6: return "AF_INET6";
            case Socket.AF_NETLINK: return "AF_NETLINK";
            case Socket.AF_PACKET: return "AF_PACKET";
            default: return "AF_" + family;
        }
    }

    public byte[] bytes() {
        return raw.clone();
    }

    public int length() {
        return raw.length;
    }

    public boolean isEmpty() {
        return raw.length == 0;
    }

    /** sa_family (host order); the missing byte of a 1-byte address reads as zero. */
    public int family() {
        int lo = raw.length > 0 ? raw[0] & 0xff : 0;
        int hi = raw.length > 1 ? raw[1] & 0xff : 0;
        return lo | hi << 8;
    }

    /** The sockaddr_in, when this is AF_INET and long enough to be one. */
    public Optional<SockaddrIn> asInet() {
        return family() == Socket.AF_INET && raw.length >= SockaddrIn.SIZE
                ? Optional.of(SockaddrIn.decode(raw)) : Optional.empty();
    }

    /** The sockaddr_nl, when this is AF_NETLINK and long enough to be one. */
    public Optional<SockaddrNl> asNetlink() {
        return family() == Socket.AF_NETLINK && raw.length >= SockaddrNl.SIZE
                ? Optional.of(SockaddrNl.decode(raw)) : Optional.empty();
    }

    /** The token format, without the scenarios' normalisation. */
    @Override
    public String toString() {
        if (isEmpty()) {
            return "-";
        }
        Optional<SockaddrIn> in = asInet();
        if (in.isPresent()) {
            return formatIpv4(in.get().addr()) + ":" + in.get().port();
        }
        Optional<SockaddrNl> nl = asNetlink();
        if (nl.isPresent()) {
            return nl.get().toString();
        }
        return familyName(family());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SockAddr a && Arrays.equals(a.raw, raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    /** parse_long: an optional '-' then decimal digits, within [min, max]. */
    private static long decimal(String s, long min, long max, String token) {
        try {
            if (s.matches("-?[0-9]+")) {
                long v = Long.parseLong(s);
                if (v >= min && v <= max) {
                    return v;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("bad address '" + token + "'");
    }
}
