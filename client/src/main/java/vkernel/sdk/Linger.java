package vkernel.sdk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** struct linger (SO_LINGER): l_onoff and l_linger, two host-order ints. */
public record Linger(int onoff, int seconds) {
    public static final int SIZE = 8;

    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putInt(onoff).putInt(seconds).array();
    }

    /** Reads what the kernel wrote, missing bytes as zero (the caller's buffer started zeroed). */
    public static Linger decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(raw, SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        return new Linger(b.getInt(0), b.getInt(4));
    }

    @Override
    public String toString() {
        return onoff + "," + seconds;
    }
}
