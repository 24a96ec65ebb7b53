package vkernel.kernel.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;

class LeaseTableTest {
    private static final Errno OK = Errno.ERRNO_UNSPECIFIED;
    private final LeaseTable<Integer, String> table = new LeaseTable<>(3000);

    @Test
    void anotherLiveInstanceIsRefusedUntilItsLeaseLapses() {
        assertEquals(OK, table.register(2, "inet-a:7003", "a", 0));
        assertEquals(Errno.ERRNO_EEXIST, table.register(2, "inet-b:7003", "b", 2999));
        assertEquals("inet-a:7003", table.lookup(2, 2999).value());
        assertNull(table.lookup(2, 3000), "a lapsed lease is not found");
        assertEquals(OK, table.register(2, "inet-b:7003", "b", 3000));
        assertEquals("b", table.lookup(2, 3000).instanceId());
    }

    @Test
    void theHolderRenews() {
        table.register(16, "netlink:7004", "n", 0);
        assertEquals(OK, table.register(16, "netlink:7005", "n", 2000));
        assertEquals("netlink:7005", table.lookup(16, 4999).value());
        assertNull(table.lookup(16, 5000));
    }

    @Test
    void onlyTheHolderUnregisters() {
        table.register(2, "x", "a", 0);
        table.unregister(2, "b");
        assertNotNull(table.lookup(2, 1));
        table.unregister(2, "a");
        assertNull(table.lookup(2, 1));
        assertNull(table.lastKnown(2));
    }

    @Test
    void lastKnownOutlivesTheLease() {
        table.register(1, "sockfs:7002", "s", 0);
        assertNull(table.lookup(1, 10_000));
        assertEquals("sockfs:7002", table.lastKnown(1).value());
    }

    @Test
    void registerAllIsAllOrNothingAndStatesTheWholeSet() {
        table.register(24, "inet", "a", 0);
        assertEquals(Errno.ERRNO_EEXIST, table.registerAll(Map.of(26, "other", 24, "other"), "b", 1));
        assertNull(table.lookup(26, 1), "nothing of a refused set is registered");

        assertEquals(OK, table.registerAll(Map.of(24, "inet", 25, "inet"), "a", 1));
        assertEquals(OK, table.registerAll(Map.of(25, "inet"), "a", 2));
        assertNull(table.lookup(24, 2), "a row left out of the renewal is dropped");
        assertEquals(List.of(25), table.live(2).stream().map(LeaseTable.Lease::key).toList());
    }

    @Test
    void unregisterAllDropsOneInstancesRows() {
        table.register(1, "x", "a", 0);
        table.register(2, "y", "b", 0);
        table.register(3, "z", "a", 0);
        table.unregisterAll("a");
        assertEquals(List.of(2), table.live(1).stream().map(LeaseTable.Lease::key).toList());
        assertEquals(1, table.size());
    }
}
