package vkernel.inet.core;

import vkernel.errno.v1.Errno;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.Socket;

/** IPv4 address classes (include/linux/in.h ipv4_is_*) and struct sockaddr_in parsing at the edge. */
public final class Addr {
    private Addr() {}

    public static final int INADDR_ANY = 0;
    public static final int INADDR_LOOPBACK = 0x7f000001;
    public static final int INADDR_BROADCAST = 0xffffffff;

    public static boolean isMulticast(int a) {
        return (a & 0xf0000000) == 0xe0000000;
    }

    public static boolean isLbcast(int a) {
        return a == INADDR_BROADCAST;
    }

    public static boolean isZeronet(int a) {
        return (a & 0xff000000) == 0;
    }

    public static boolean isLoopback(int a) {
        return (a & 0xff000000) == 0x7f000000;
    }

    public static String format(int addr, int port) {
        return SockaddrIn.formatAddr(addr) + ":" + port;
    }

    public static byte[] sockaddr(int addr, int port) {
        return new SockaddrIn(port, addr).encode();
    }

    /** A parsed address, or the errno the caller's checks chose. */
    public record Parsed(SockaddrIn sin, int family, Errno errno) {
        public boolean ok() {
            return errno == Errno.ERRNO_UNSPECIFIED;
        }
    }

    /** The family of raw sockaddr bytes, or -1 when shorter than sa_family. */
    public static int family(byte[] raw) {
        return SockaddrIn.family(raw);
    }

    /**
     * addr_len &lt; sizeof(struct sockaddr_in) → EINVAL, else the family and the decoded
     * port and address (the caller checks the family, as each kernel function does its own way).
     */
    public static Parsed parse(byte[] raw) {
        if (raw.length < SockaddrIn.SIZE) {
            return new Parsed(null, family(raw), Errno.ERRNO_EINVAL);
        }
        return new Parsed(SockaddrIn.decode(raw), family(raw), Errno.ERRNO_UNSPECIFIED);
    }

    public static final int AF_INET = Socket.AF_INET;
    public static final int AF_UNSPEC = Socket.AF_UNSPEC;
}
