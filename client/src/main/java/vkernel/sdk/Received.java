package vkernel.sdk;

/**
 * What recv(2), recvfrom(2), recvmsg(2) and read(2) return. {@code n} is the return
 * value, which exceeds {@code data.length} when MSG_TRUNC asked for a datagram's real
 * length; {@code from} is msg_name as the kernel filled it (empty when it filled none);
 * {@code msgFlags} is msg_flags (MSG_TRUNC...).
 */
public record Received(long n, byte[] data, SockAddr from, int msgFlags) {
    public Received {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The first {@code len} bytes of a zero-filled buffer of {@code len} after the call. */
    public byte[] buffer(int len) {
        byte[] b = new byte[len];
        System.arraycopy(data, 0, b, 0, Math.min(len, data.length));
        return b;
    }
}
