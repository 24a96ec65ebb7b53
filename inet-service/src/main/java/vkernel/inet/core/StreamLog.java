package vkernel.inet.core;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import vkernel.state.v1.TcpStreamChunk;

/**
 * The chunk records of one TCP queue (key sockq/&lt;netns&gt;/&lt;sock&gt;/&lt;r|w&gt;/&lt;offset&gt;):
 * bytes are recorded once, as they join the queue, and a chunk is deleted once every
 * byte of it has left; a send of n bytes costs a record of n bytes, not one of the queue.
 */
final class StreamLog {
    /** The largest chunk: far below the topic's record limit whatever a sock queues. */
    static final int MAX_CHUNK = 1 << 20;

    private final boolean writeQueue;
    /** Recorded chunks, oldest first: {start, end}. */
    private final ArrayDeque<long[]> chunks = new ArrayDeque<>();
    private long recordedUpTo;

    StreamLog(boolean writeQueue) {
        this.writeQueue = writeQueue;
    }

    private String key(String prefix, long offset) {
        return prefix + (writeQueue ? "/w/" : "/r/") + offset;
    }

    /** Brings the records in line with the queue now. */
    void sync(NetJournal j, String prefix, long sock, StreamQueue q) {
        long head = q.head();
        long tail = q.tail();
        while (!chunks.isEmpty() && chunks.peekFirst()[1] <= head) {
            j.delete(key(prefix, chunks.pollFirst()[0]));
        }
        long from = Math.max(recordedUpTo, head);
        while (from < tail) {
            long to = Math.min(tail, from + MAX_CHUNK);
            j.put(key(prefix, from), TcpStreamChunk.newBuilder().setSock(sock).setWriteQueue(writeQueue).setOffset(from)
                    .setData(ByteString.copyFrom(q.bytes(from, to))).build());
            chunks.addLast(new long[] {from, to});
            from = to;
        }
        recordedUpTo = Math.max(recordedUpTo, tail);
    }

    /** A restored chunk the topic holds. */
    void adopt(long from, long to) {
        chunks.addLast(new long[] {from, to});
        recordedUpTo = Math.max(recordedUpTo, to);
    }

    void deleteAll(NetJournal j, String prefix) {
        for (long[] c : chunks) {
            j.delete(key(prefix, c[0]));
        }
        chunks.clear();
    }
}
