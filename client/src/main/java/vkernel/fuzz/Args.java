package vkernel.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import vkernel.sdk.SockAddr;
import vkernel.uapi.In;
import vkernel.uapi.Socket;

/** Random and boundary values for system call arguments, drawn from one task's Random. */
final class Args {
    static final int[] INT_EDGES = {0, 1, -1, 2, 3, 4, 7, 8, 15, 16, 255, 256, 1023, 1024, 4095, 4096, 65535, 65536,
        Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1};
    /** size_t counts: 0, 1, near 2^31, 2^32, 2^47, 2^63 and 2^64-1 (as unsigned). */
    static final long[] COUNT_EDGES = {0, 1, 2, 16, 1500, 65535, 65536, 1L << 20, (1L << 31) - 1, 1L << 31,
        (1L << 32) - 1, 1L << 32, (1L << 47) - 1, 1L << 47, Long.MAX_VALUE, Long.MIN_VALUE, -1L};
    static final int[] PORTS = {0, 1, 7, 80, 1023, 1024, 40000, 40001, 40002, 40003, 65534, 65535};
    static final int[] ADDRS = {In.INADDR_LOOPBACK, In.INADDR_ANY, In.INADDR_BROADCAST, 0x7f000002, 0x0a000001,
        0xe0000001, 0xc0a80001, 0x01020304};
    /** Ports where the tasks of one namespace meet (listeners, datagram sockets). */
    static final int POOL_BASE = 40000;
    static final int POOL_SIZE = 4;

    final Random r;

    Args(Random r) {
        this.r = r;
    }

    boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    int pick(int... values) {
        return values[r.nextInt(values.length)];
    }

    <T> T pick(List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** An int: a boundary value, small, or anything. */
    int anyInt() {
        int k = r.nextInt(10);
        if (k < 5) {
            return pick(INT_EDGES);
        }
        return k < 8 ? r.nextInt(64) : r.nextInt();
    }

    /** A size_t count: a boundary or a modest random one. */
    long count() {
        return chance(60) ? COUNT_EDGES[r.nextInt(COUNT_EDGES.length)] : r.nextInt(70_000);
    }

    /** An fd: one the task holds or held (most of the time), else a boundary. */
    int fd(List<Integer> known) {
        if (!known.isEmpty() && chance(80)) {
            return pick(known);
        }
        return pick(-1, 0, 1, 2, 3, 63, 64, 1023, 1024, 4096, 65535, 1 << 20, Integer.MAX_VALUE, Integer.MIN_VALUE,
                r.nextInt(2048));
    }

    int port() {
        return chance(50) ? POOL_BASE + r.nextInt(POOL_SIZE) : chance(80) ? pick(PORTS) : r.nextInt(65536);
    }

    /** A poll event mask: the usual bits, all bits, or anything. */
    int events() {
        return pick(0, 1, 4, 5, 0x2000, 0xffff, -1, r.nextInt(1 << 16), r.nextInt());
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** A payload: empty, one byte, small, or (rarely) at the datagram boundaries. */
    byte[] payload() {
        int k = r.nextInt(100);
        if (k < 10) {
            return new byte[0];
        }
        if (k < 20) {
            return new byte[] {(byte) r.nextInt()};
        }
        if (k < 97) {
            return bytes(r.nextInt(600));
        }
        return new byte[pick(1472, 65507, 65508, 65536)];
    }

    /** A sockaddr: good AF_INET, AF_INET of a wrong length or family, netlink, garbage, or none. */
    SockAddr sockaddr() {
        int k = r.nextInt(100);
        if (k < 55) {
            return SockAddr.inet(chance(70) ? In.INADDR_LOOPBACK : pick(ADDRS), port());
        }
        byte[] in = SockAddr.inet(pick(ADDRS), port()).bytes();
        if (k < 65) {
            return SockAddr.of(Arrays.copyOf(in, pick(1, 2, 3, 4, 8, 15, 17, 28, 110, 128, 129, r.nextInt(200))));
        }
        if (k < 75) {
            ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) pick(Socket.AF_UNSPEC,
                    Socket.AF_UNIX, Socket.AF_INET6, Socket.AF_NETLINK, Socket.AF_PACKET, 255, 0xffff, r.nextInt(65536)));
            return SockAddr.of(in);
        }
        if (k < 85) {
            return SockAddr.netlink(pick(0, 1, -1, r.nextInt()), pick(0, 1, -1, r.nextInt()));
        }
        if (k < 95) {
            return SockAddr.of(bytes(r.nextInt(130)));
        }
        return SockAddr.none();
    }
}
