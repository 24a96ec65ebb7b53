package vkernel.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct sockaddr_in: sin_family (host order, little-endian here), sin_port and
 * sin_addr (network order), 8 bytes of zero. Values are kept as the kernel reads
 * them: the port as 0..65535, the address as a host-order int.
 */
public record SockaddrIn(int port, int addr) {
    public static final int SIZE = 16;

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) Socket.AF_INET);
        b.order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) port);
        b.putInt(addr);
        return b.array();
    }

    /** The family field of any sockaddr, or -1 when it is too short to have one. */
    public static int family(byte[] raw) {
        if (raw.length < 2) {
            return -1;
        }
        return (raw[0] & 0xff) | (raw[1] & 0xff) << 8;
    }

    /** Reads sin_port and sin_addr; the caller has checked the length and family. */
    public static SockaddrIn decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
        return new SockaddrIn(b.getShort(2) & 0xffff, b.getInt(4));
    }

    public static String formatAddr(int addr) {
        return ((addr >>> 24) & 0xff) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff) + "." + (addr & 0xff);
    }

    /** Parses dotted-quad text; throws IllegalArgumentException for anything else. */
    public static int parseAddr(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int a = 0;
        for (String p : parts) {
            int v = Integer.parseInt(p);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            a = a << 8 | v;
        }
        return a;
    }

    @Override
    public String toString() {
        return formatAddr(addr) + ":" + port;
    }
}
