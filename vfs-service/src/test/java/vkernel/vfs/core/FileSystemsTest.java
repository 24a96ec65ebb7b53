package vkernel.vfs.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.ERRNO_EEXIST;
import static vkernel.errno.v1.Errno.ERRNO_UNSPECIFIED;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;

/** register_filesystem as a lease (fs/filesystems.c), on a clock the test moves. */
class FileSystemsTest {
    private long now = 1_000_000;
    private final FileSystems fs = new FileSystems(FileSystems.LEASE_MS, () -> now);

    private static FileSystemType sockfs(String address) {
        return FileSystemType.of(Vfs.SOCKFS, address, "");
    }

    /** A holds sockfs at t=0; B asks at t=ms: EEXIST while A's lease is live, B's row once it lapsed. */
    @ParameterizedTest(name = "another instance {0} ms after the owner registered: {1}")
    @CsvSource({
        "0, EEXIST",
        "1, EEXIST",
        "2999, EEXIST",
        "3000, UNSPECIFIED",
        "60000, UNSPECIFIED",
    })
    void anotherInstanceIsRefusedWhileTheOwnersLeaseIsLive(long ms, String errno) {
        assertEquals(ERRNO_UNSPECIFIED, fs.registerFilesystem(sockfs("a:1"), "A"));
        now += ms;
        assertEquals(Errno.valueOf("ERRNO_" + errno), fs.registerFilesystem(sockfs("b:1"), "B"));
        assertEquals(errno.equals("EEXIST") ? "a:1" : "b:1", fs.lastKnown(Vfs.SOCKFS).address());
    }

    @Test
    void theOwnerRenewsItsLeaseAndMayMove() {
        fs.registerFilesystem(sockfs("a:1"), "A");
        now += 2000;
        assertEquals(ERRNO_UNSPECIFIED, fs.registerFilesystem(sockfs("a:2"), "A"), "a renewal by the holder");
        now += 2000; // 4 s after the first registration, 2 s after the renewal
        assertEquals(ERRNO_EEXIST, fs.registerFilesystem(sockfs("b:1"), "B"));
        assertEquals("a:2", fs.getFsType(Vfs.SOCKFS).address());
    }

    @Test
    void aLapsedOwnerIsNotRegisteredButFilesStillReachIt() {
        fs.registerFilesystem(sockfs("a:1"), "A");
        assertTrue(fs.live(Vfs.SOCKFS));
        now += FileSystems.LEASE_MS;
        assertFalse(fs.live(Vfs.SOCKFS));
        assertNull(fs.getFsType(Vfs.SOCKFS));
        assertEquals("a:1", fs.lastKnown(Vfs.SOCKFS).address());
        assertNull(fs.lastKnown("nullfs"), "never registered");
    }

    @Test
    void onlyTheHolderUnregisters() {
        fs.registerFilesystem(sockfs("a:1"), "A");
        fs.unregisterFilesystem(Vfs.SOCKFS, "B");
        assertTrue(fs.live(Vfs.SOCKFS));
        fs.unregisterFilesystem(Vfs.SOCKFS, "A");
        assertNull(fs.lastKnown(Vfs.SOCKFS));
        assertEquals(ERRNO_UNSPECIFIED, fs.registerFilesystem(sockfs("b:1"), "B"), "free at once");
    }

    @ParameterizedTest(name = "public address \"{1}\" of an owner at {0}: users reach {2}")
    @CsvSource({
        "a:1, '', a:1",
        "a:1, pub:9, pub:9",
    })
    void usersReachTheOwnerAtItsPublicAddressElseAtItsAddress(String address, String publicAddress, String expected) {
        fs.registerFilesystem(FileSystemType.of(Vfs.SOCKFS, address, publicAddress), "A");
        assertEquals(expected, fs.getFsType(Vfs.SOCKFS).publicAddress());
    }

    @Test
    void theOwnerIsToldHowLongItsLeaseLasts() {
        assertEquals(3000, new FileSystems(() -> 0).leaseMillis());
    }
}
