package vkernel.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The live set of a JVM from its heap dump (jcmd GC.heap_dump, HPROF 1.0.2): the sum of
 * the objects' sizes as the dump records them (fields, elements, a 16-byte header each).
 * Measured so and not by the heap's used bytes, which after a full collection still count
 * the thread-local allocation buffers handed out since, and those grow with the load a
 * JVM has seen (the fuzzer's run left inet-service 7 MB of them: 4,585 filler int[]s in a
 * class histogram, none in its dump).
 */
final class HeapDump {
    private static final int HEADER = 16;
    private static final int HEAP_DUMP = 0x0c;
    private static final int HEAP_DUMP_SEGMENT = 0x1c;

    private final ByteBuffer b;
    private int idSize;

    private HeapDump(ByteBuffer b) {
        this.b = b;
    }

    static long liveBytes(Path hprof) throws IOException {
        try (FileChannel ch = FileChannel.open(hprof, StandardOpenOption.READ)) {
            return new HeapDump(ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size())).sum();
        }
    }

    private long sum() {
        while (b.get() != 0) {
            // the format's name, "JAVA PROFILE 1.0.2", NUL-terminated
        }
        idSize = b.getInt();
        b.getLong(); // the dump's time
        long total = 0;
        while (b.hasRemaining()) {
            int tag = b.get() & 0xff;
            b.getInt(); // microseconds since the header's time
            int length = b.getInt();
            int end = b.position() + length;
            if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
                while (b.position() < end) {
                    total += subRecord(b.get() & 0xff);
                }
            }
            b.position(end);
        }
        return total;
    }

    /** Skips one heap-dump sub-record; its object's size, 0 for roots and classes. */
    private long subRecord(int subTag) {
        switch (subTag) {
            case 0xff -> skip(idSize); // ROOT UNKNOWN
            case 0x01 -> skip(2 * idSize); // ROOT JNI GLOBAL
            case 0x02, 0x03, 0x08 -> skip(idSize + 8); // ROOT JNI LOCAL, JAVA FRAME, THREAD OBJECT
            case 0x04, 0x06 -> skip(idSize + 4); // ROOT NATIVE STACK, THREAD BLOCK
            case 0x05, 0x07 -> skip(idSize); // ROOT STICKY CLASS, MONITOR USED
            case 0x20 -> classDump();
            case 0x21 -> { // INSTANCE DUMP
                skip(idSize + 4 + idSize);
                int n = b.getInt();
                skip(n);
                return HEADER + n;
            }
            case 0x22 -> { // OBJECT ARRAY DUMP
                skip(idSize + 4);
                int n = b.getInt();
                skip(idSize + (long) n * idSize);
                return HEADER + (long) n * idSize;
            }
            case 0x23 -> { // PRIMITIVE ARRAY DUMP
                skip(idSize + 4);
                int n = b.getInt();
                long bytes = (long) n * typeSize(b.get());
                skip(bytes);
                return HEADER + bytes;
            }
            default -> throw new IllegalStateException("heap dump sub-record 0x" + Integer.toHexString(subTag));
        }
        return 0;
    }

    private void classDump() {
        skip(idSize + 4 + 6L * idSize + 4);
        int constants = b.getShort() & 0xffff;
        for (int i = 0; i < constants; i++) {
            skip(2);
            skip(typeSize(b.get()));
        }
        int statics = b.getShort() & 0xffff;
        for (int i = 0; i < statics; i++) {
            skip(idSize);
            skip(typeSize(b.get()));
        }
        int fields = b.getShort() & 0xffff;
        skip((long) fields * (idSize + 1));
    }

    private int typeSize(byte type) {
        return switch (type) {
            case 2 -> idSize; // object
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            case 7, 11 -> 8; // double, long
            default -> throw new IllegalStateException("heap dump basic type " + type);
        };
    }

    private void skip(long n) {
        b.position(b.position() + (int) n);
    }
}
