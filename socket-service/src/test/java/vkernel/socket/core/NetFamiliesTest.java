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

    @org.junit.jupiter.params.ParameterizedTest(name = "sock_register({0}) = {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, UNSPECIFIED", "45, UNSPECIFIED", "46, ENOBUFS", "1000, ENOBUFS", "-1, ENOBUFS"})
    void familiesBeyondAfMaxAreEnobufs(int family, String errno) {
        assertEquals(Errno.valueOf("ERRNO_" + errno), f.register(family, "x:1", "x", 0));
    }

    @Test
    void aRenewalIsTheHoldersOwnLiveRegistrationAndLiveListsByFamily() {
        f.register(16, "n:1", "nl", 0);
        f.register(2, "i:1", "in", 0);
        assertEquals(false, f.isRenewal(2, "other", 1));
        assertEquals(true, f.isRenewal(2, "in", 1));
        assertEquals(false, f.isRenewal(2, "in", 3000), "a lapsed lease is registered anew");
        assertEquals(java.util.List.of(2, 16), f.live(1).stream().map(NetFamilies.Registration::family).toList());
        assertEquals(3000, f.live(1).get(0).expiresAtMillis());
    }
}
