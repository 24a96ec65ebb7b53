package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static vkernel.errno.v1.Errno.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.netlink.core.RtnlHandlerTable.Spec;

/** rtnl_register_many and sock_diag_register as leases. */
class RtnlHandlerTableTest {
    private final RtnlHandlerTable t = new RtnlHandlerTable(3000);
    private static final List<Spec> INET = List.of(new Spec(2, 24, true, false), new Spec(2, 26, true, true));

    @Test
    void allOrNothingAgainstAnotherLiveInstance() {
        assertEquals(ERRNO_UNSPECIFIED, t.register(INET, "a:1", "a", 0));
        assertEquals(ERRNO_EEXIST, t.register(List.of(new Spec(2, 25, true, false), new Spec(2, 24, true, false)),
                "b:1", "b", 10));
        assertNull(t.lookup(2, 25, 10), "nothing of a refused request is registered");
        assertEquals("a:1", t.lookup(2, 24, 10).address());
        assertEquals(ERRNO_UNSPECIFIED, t.register(List.of(new Spec(2, 24, true, false)), "b:1", "b", 3001),
                "a lapsed lease frees its rows");
    }

    @Test
    void renewalReplacesTheInstancesRows() {
        t.register(INET, "a:1", "a", 0);
        assertEquals(ERRNO_UNSPECIFIED, t.register(List.of(new Spec(2, 24, true, false)), "a:2", "a", 2000));
        assertNull(t.lookup(2, 26, 2001));
        assertEquals("a:2", t.lookup(2, 24, 4000).address());
        t.unregister("a");
        assertEquals(0, t.size());
    }

    @Test
    void badRowsAreEinval() {
        assertEquals(ERRNO_EINVAL, t.register(List.of(new Spec(2, 15, true, false)), "a:1", "a", 0));
        assertEquals(ERRNO_EINVAL, t.register(List.of(new Spec(2, 124, true, false)), "a:1", "a", 0));
        assertEquals(ERRNO_EINVAL, t.register(List.of(new Spec(130, 24, true, false)), "a:1", "a", 0));
        assertEquals(ERRNO_EINVAL, t.register(List.of(new Spec(2, 24, false, false)), "a:1", "a", 0));
        assertEquals(ERRNO_EINVAL, t.register(INET, "", "a", 0));
    }

    @Test
    void dumpAllSkipsPfPacketAndDoitOnlyRows() {
        t.register(List.of(new Spec(17, 26, false, true), new Spec(10, 26, false, true), new Spec(2, 26, true, false),
                new Spec(28, 26, false, true)), "x:1", "x", 0);
        assertEquals(List.of(10, 28), t.dumpAll(26, 1).stream().map(RtnlHandlerTable.Row::protocol).toList());
    }

    @Test
    void sockDiagHandlers() {
        assertEquals(ERRNO_UNSPECIFIED, t.sockDiagRegister(2, "a:1", "a", 0));
        assertEquals(ERRNO_EEXIST, t.sockDiagRegister(2, "b:1", "b", 1));
        assertEquals(ERRNO_EINVAL, t.sockDiagRegister(46, "b:1", "b", 1));
        assertNotNull(t.sockDiag(2, 2999));
        assertNull(t.sockDiag(2, 3000));
    }
}
