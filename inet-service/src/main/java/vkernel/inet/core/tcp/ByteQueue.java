package vkernel.inet.core.tcp;

import java.util.Arrays;

/** A byte stream waiting to be read or sent: the payload of a TCP receive or write queue, in order. */
final class ByteQueue {
    private byte[] buf = new byte[64];
    private int head;
    private int tail;
    /** Bytes that have left the queue since it was made: where its head is in its life (the journal's offsets). */
    private long consumed;

    int size() {
        return tail - head;
    }

    boolean isEmpty() {
        return head == tail;
    }

    void append(byte[] data, int off, int len) {
        if (len <= 0) {
            return;
        }
        if (tail + len > buf.length) {
            int live = size();
            byte[] dst = live + len > buf.length / 2 ? new byte[Math.max(buf.length * 2, live + len)] : buf;
            System.arraycopy(buf, head, dst, 0, live);
            buf = dst;
            head = 0;
            tail = live;
        }
        System.arraycopy(data, off, buf, tail, len);
        tail += len;
    }

    /** The offset of the first byte held, counted over the queue's life. */
    long headOffset() {
        return consumed;
    }

    /** Sets the queue to hold data, its first byte at offset headOffset of its life (a restore). */
    void restore(long headOffset, byte[] data) {
        buf = data.length == 0 ? new byte[64] : data.clone();
        head = 0;
        tail = data.length;
        consumed = headOffset;
    }

    void append(byte[] data) {
        append(data, 0, data.length);
    }

    /** Copies up to n bytes starting offset bytes into the queue, without consuming; nothing for a negative n. */
    byte[] peek(int offset, int n) {
        int from = head + Math.max(0, Math.min(offset, size()));
        int to = from + Math.max(0, Math.min(n, tail - from));
        return Arrays.copyOfRange(buf, from, to);
    }

    /**
     * Drops n bytes from the front; a negative n drops nothing (it once moved head back
     * before the buffer, and every later read failed).
     */
    void consume(int n) {
        int k = Math.max(0, Math.min(n, size()));
        head += k;
        consumed += k;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    void clear() {
        consumed += size();
        head = 0;
        tail = 0;
    }
}
