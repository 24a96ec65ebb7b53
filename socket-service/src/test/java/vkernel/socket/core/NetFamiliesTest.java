package vkernel.socket.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;

/** sock_register as a lease. */
class NetFamiliesTest {
    private final NetFamilies f = new NetFamilies(3000);

    @Test
    void anotherLiveInstanceCannotTakeAFamilyButAnExpiredOneIsReplaced() {
        assertEquals(Errno.ERRNO_UNSPECIFIED, f.register(2, "a:1", "one", 0));
        assertEquals(Errno.ERRNO_EEXIST, f.register(2, "b:1", "two", 1000));
        assertEquals(Errno.ERRNO_UNSPECIFIED, f.register(2, "a:1", "one", 2000), "the holder renews");
        assertNotNull(f.lookup(2, 4999));
        assertNull(f.lookup(2, 5000), "lapsed: the module is gone");
        assertEquals(Errno.ERRNO_UNSPECIFIED, f.register(2, "b:1", "two", 5000), "a restarted service takes over");
        assertEquals("b:1", f.lookup(2, 5001).address());
    }

    @Test
    void unregisterOnlyByTheHolderAndOutOfRangeFamiliesAreRefused() {
        f.register(16, "n:1", "nl", 0);
        f.unregister(16, "someone-else");
        assertNotNull(f.lookup(16, 1));
        f.unregister(16, "nl");
        assertNull(f.lookup(16, 1));
        assertEquals(Errno.ERRNO_ENOBUFS, f.register(46, "x:1", "x", 0));
        assertNull(f.lookup(-1, 0));
    }
}
