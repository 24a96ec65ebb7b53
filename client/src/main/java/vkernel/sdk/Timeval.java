package vkernel.sdk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** struct timeval (SO_RCVTIMEO, SO_SNDTIMEO): tv_sec and tv_usec, two host-order longs. */
public record Timeval(long sec, long usec) {
    public static final int SIZE = 16;

    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(sec).putLong(usec).array();
    }

    /** Reads what the kernel wrote, missing bytes as zero (the caller's buffer started zeroed). */
    public static Timeval decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(raw, SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        return new Timeval(b.getLong(0), b.getLong(8));
    }

    @Override
    public String toString() {
        return sec + "," + usec;
    }
}
