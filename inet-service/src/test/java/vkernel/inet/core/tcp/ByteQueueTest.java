package vkernel.inet.core.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The receive queue's bytes never move back: a negative count drops or copies nothing. */
class ByteQueueTest {
    @Test
    void negativeCountsLeaveTheQueueIntact() {
        ByteQueue q = new ByteQueue();
        q.append("hello".getBytes());
        q.consume(-1);
        q.consume(Integer.MIN_VALUE);
        assertEquals(5, q.size());
        assertEquals(0, q.peek(0, -1).length);
        assertEquals("hello", new String(q.peek(-3, 100)));
        q.consume(2);
        assertEquals("llo", new String(q.peek(0, Integer.MAX_VALUE)));
    }
}
