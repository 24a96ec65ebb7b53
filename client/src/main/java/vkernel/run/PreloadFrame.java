package vkernel.run;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The frames of the vk run protocol (docs/run.md), the one place they are read and written.
 * Little-endian, as the preload library writes its structs on this machine. A request is
 * {@code u32 len, u32 nr, i64 arg[4], data}; an answer {@code u32 len, i32 errno, i64 ret, data};
 * len counts the bytes after itself.
 */
final class PreloadFrame {
    /** A request's bytes after len, before its data. */
    static final int REQUEST_HEAD = 4 + 4 * 8;
    /** An answer's bytes after len, before its data. */
    static final int ANSWER_HEAD = 4 + 8;
    /** The most data a frame carries: the library moves at most 1 MiB a call, plus an address or meta. */
    static final int MAX_DATA = (1 << 20) + 4096;

    /** A call: its number, four arguments, the bytes that follow. */
    record Request(int nr, long[] arg, byte[] data) {}

    /** An answer: ret and errno as the syscall gives them, and the bytes the caller gets back. */
    record Answer(long ret, int errno, byte[] data) {
        static Answer ok(long ret) {
            return new Answer(ret, 0, new byte[0]);
        }

        static Answer ok(long ret, byte[] data) {
            return new Answer(ret, 0, data);
        }

        static Answer error(int errno) {
            return new Answer(-1, errno, new byte[0]);
        }
    }

    private PreloadFrame() {}

    /** The next request, or null at the end of the stream (the thread or the program is gone). */
    static Request read(InputStream in) throws IOException {
        byte[] lenBytes = in.readNBytes(4);
        if (lenBytes.length == 0) {
            return null;
        }
        if (lenBytes.length < 4) {
            throw new EOFException("a frame cut short");
        }
        long len = Integer.toUnsignedLong(le(lenBytes).getInt());
        if (len < REQUEST_HEAD || len > REQUEST_HEAD + MAX_DATA) {
            throw new IOException("a request frame of " + len + " bytes");
        }
        byte[] body = in.readNBytes((int) len);
        if (body.length < len) {
            throw new EOFException("a frame cut short");
        }
        ByteBuffer b = le(body);
        int nr = b.getInt();
        long[] arg = {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new Request(nr, arg, data);
    }

    static void write(OutputStream out, Answer a) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + ANSWER_HEAD + a.data().length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ANSWER_HEAD + a.data().length).putInt(a.errno()).putLong(a.ret()).put(a.data());
        out.write(b.array());
        out.flush();
    }

    static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
