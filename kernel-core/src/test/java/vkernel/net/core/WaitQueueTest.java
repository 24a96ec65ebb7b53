package vkernel.net.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The wake-up count epoll's edge trigger compares: it grows, and a newer queue's starts above an older one's. */
class WaitQueueTest {
    @Test
    void eachWakeUpCountsOnce() {
        WaitQueue q = new WaitQueue();
        long before = q.wakes();
        q.countWake();
        q.countWake();
        assertEquals(before + 2, q.wakes());
    }

    /** A restored sock has a new queue: an item that saw the old queue's count must see the new one's as later. */
    @Test
    void aQueueMadeLaterStartsAboveAnEarlierQueuesCount() throws InterruptedException {
        WaitQueue old = new WaitQueue();
        for (int i = 0; i < 100_000; i++) {
            old.countWake();
        }
        Thread.sleep(2);
        assertTrue(new WaitQueue().wakes() > old.wakes(), "the count never goes back across a restart");
    }
}
