package vkernel.netlink.core;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.nl;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;

/** netlink_create, netlink_bind / netlink_autobind / netlink_insert, netlink_connect, netlink_getname. */
class NetlinkBindTest {
    private final Kernel k = new Kernel();
    private final Cred a = root(100);
    private final Cred user = task(200, 0);

    @ParameterizedTest(name = "socket(AF_NETLINK, {0}, {1}) = {2}")
    @CsvSource({
        "1, 0, ERRNO_ESOCKTNOSUPPORT", "5, 0, ERRNO_ESOCKTNOSUPPORT", "3, 0, ERRNO_UNSPECIFIED",
        "2, 0, ERRNO_UNSPECIFIED", "3, 31, ERRNO_EPROTONOSUPPORT", "3, 32, ERRNO_EPROTONOSUPPORT",
        "2, -1, ERRNO_EPROTONOSUPPORT", "3, 1, ERRNO_EPROTONOSUPPORT", "3, 2, ERRNO_UNSPECIFIED",
        "3, 3, ERRNO_EPROTONOSUPPORT", "3, 4, ERRNO_UNSPECIFIED", "3, 5, ERRNO_EPROTONOSUPPORT",
        "3, 6, ERRNO_UNSPECIFIED", "3, 7, ERRNO_UNSPECIFIED", "3, 8, ERRNO_EPROTONOSUPPORT",
        "3, 9, ERRNO_UNSPECIFIED", "3, 10, ERRNO_UNSPECIFIED", "3, 11, ERRNO_UNSPECIFIED", "3, 12, ERRNO_UNSPECIFIED",
        "3, 13, ERRNO_EPROTONOSUPPORT", "3, 14, ERRNO_EPROTONOSUPPORT", "3, 15, ERRNO_UNSPECIFIED",
        "3, 16, ERRNO_UNSPECIFIED", "3, 17, ERRNO_EPROTONOSUPPORT", "3, 21, ERRNO_EPROTONOSUPPORT",
        "3, 22, ERRNO_EPROTONOSUPPORT"})
    void createChecksTypeThenProtocol(int type, int protocol, Errno expected) {
        assertEquals(expected, k.af.create(a, type, protocol, 1, Trace.NONE).errno());
    }

    @Test
    void aNewSockHasTheDefaultsOfSockInitData() {
        long s = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(212992, k.getsockoptInt(s, Socket.SOL_SOCKET, Socket.SO_RCVBUF));
        assertEquals(212992, k.getsockoptInt(s, Socket.SOL_SOCKET, Socket.SO_SNDBUF));
        assertEquals(Socket.SOCK_RAW, k.getsockoptInt(s, Socket.SOL_SOCKET, Socket.SO_TYPE));
        assertEquals(Socket.AF_NETLINK, k.getsockoptInt(s, Socket.SOL_SOCKET, Socket.SO_DOMAIN));
        assertEquals(0, k.getsockoptInt(s, Socket.SOL_SOCKET, Socket.SO_PROTOCOL));
        assertEquals(new SockaddrNl(0, 0), k.name(s));
    }

    /** Scenario 43: the first autobound sock of a task gets its pid, the next a negative portid. */
    @Test
    void autobindGivesThePidThenANegativePortid() {
        long s3 = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s3, 0, 0));
        assertEquals(new SockaddrNl(100, 0), k.name(s3));
        long s4 = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s4, 0, 0));
        int p = k.name(s4).portid();
        assertTrue(p <= -4097, "negative portid " + p);
        long other = k.socket(a, Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, other, 0, 0));
        assertEquals(100, k.name(other).portid(), "portids are per protocol");
        Cred b = root(101);
        long sb = k.af.create(b, Socket.SOCK_DGRAM, 0, 2, Trace.NONE).sock();
        assertEquals(ERRNO_UNSPECIFIED, k.bind(b, sb, 0, 0));
        assertEquals(101, k.name(sb).portid());
    }

    @Test
    void aPortidTakenByAnExplicitBindSendsAutobindNegative() {
        long squat = k.socket(a, 0);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, squat, 300, 0));
        Cred c = root(300);
        long s = k.socket(c, 0);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(c, s, 0, 0));
        assertTrue(k.name(s).portid() < -4096);
    }

    @Test
    void rebindingKeepsThePortid() {
        long s = k.socket(a, 0);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 4300000, 0));
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 4300000, 0));
        assertEquals(ERRNO_EINVAL, k.bind(a, s, 4300001, 0));
        assertEquals(ERRNO_EINVAL, k.bind(a, s, 0, 0));
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 4300000, 64));
        assertEquals(new SockaddrNl(4300000, 64), k.name(s));
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 4300000, 0), "binding again replaces the first 32 groups");
        assertEquals(new SockaddrNl(4300000, 0), k.name(s));
    }

    @Test
    void aTakenPortidIsEaddrinuseAndStillShown() {
        long s = k.socket(a, 0);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 4300000, 0));
        long t = k.socket(a, 0);
        assertEquals(ERRNO_EADDRINUSE, k.bind(a, t, 4300000, 0));
        assertEquals(new SockaddrNl(4300000, 0), k.name(t), "netlink_insert wrote the portid before failing");
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, t, 4300002, 0));
        assertEquals(4300002, k.name(t).portid());
    }

    @Test
    void badAddressesAreEinval() {
        long s = k.socket(a, 0);
        assertEquals(ERRNO_EINVAL, k.af.bind(a, s, new byte[8], Trace.NONE));
        assertEquals(ERRNO_EINVAL, k.af.bind(a, s, new byte[] {2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                Trace.NONE));
        assertEquals(ERRNO_EINVAL, k.af.connect(a, s, new byte[] {2, 0, 0, 80, 127, 0, 0, 1, 0, 0, 0, 0}, Trace.NONE));
        assertEquals(ERRNO_EINVAL, k.af.connect(a, s, new byte[1], Trace.NONE));
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 0, 0xffffffff));
        assertEquals(new SockaddrNl(100, 0xffffffff), k.name(s));
    }

    @ParameterizedTest(name = "user bind groups {1} on protocol {0} = {2}")
    @CsvSource({
        "0, 64, ERRNO_UNSPECIFIED", "0, 536870912, ERRNO_EPERM", "0, 1073741824, ERRNO_EPERM",
        "2, 1, ERRNO_EPERM", "6, 1, ERRNO_EPERM", "4, 1, ERRNO_UNSPECIFIED", "15, 1, ERRNO_UNSPECIFIED",
        "11, 1, ERRNO_UNSPECIFIED", "11, 2, ERRNO_EPERM", "9, 1, ERRNO_EPERM", "12, 1, ERRNO_EPERM",
        "16, 256, ERRNO_EPERM", "16, 128, ERRNO_UNSPECIFIED", "2, 0, ERRNO_UNSPECIFIED"})
    void whoMayJoinGroupsAtBind(int protocol, long groups, Errno expected) {
        long s = k.socket(user, protocol);
        assertEquals(expected, k.bind(user, s, 0, (int) groups));
        if (expected != ERRNO_UNSPECIFIED) {
            assertEquals(new SockaddrNl(0, 0), k.name(s), "a refused bind changes nothing");
        }
    }

    @Test
    void connectNamesThePeerAndAutobinds() {
        long s = k.socket(a, 0);
        assertEquals(new SockaddrNl(0, 0), k.peer(s));
        assertEquals(ERRNO_UNSPECIFIED, k.af.connect(a, s, nl(4300000, 0), Trace.NONE));
        assertEquals(new SockaddrNl(4300000, 0), k.peer(s));
        assertEquals(100, k.name(s).portid());
        assertEquals(ERRNO_UNSPECIFIED, k.af.connect(a, s, nl(0, 5), Trace.NONE));
        assertEquals(new SockaddrNl(0, 1), k.peer(s), "the lowest group of the mask");
        assertEquals(ERRNO_UNSPECIFIED, k.af.connect(a, s, new byte[] {0, 0}, Trace.NONE));
        assertEquals(new SockaddrNl(0, 0), k.peer(s));
    }

    @Test
    void usersMayNotNameARoutePeerButMayAUsersockOne() {
        long r = k.socket(user, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_EPERM, k.af.connect(user, r, nl(4300000, 0), Trace.NONE));
        assertEquals(ERRNO_UNSPECIFIED, k.af.connect(user, r, nl(0, 0), Trace.NONE));
        long u = k.socket(user, Netlink.NETLINK_USERSOCK);
        assertEquals(ERRNO_UNSPECIFIED, k.af.connect(user, u, nl(4300000, 1), Trace.NONE));
        assertEquals(new SockaddrNl(4300000, 1), k.peer(u));
    }

    @Test
    void closingEveryThingLeavesTheTablesEmpty() {
        long s = k.socket(a, 0);
        k.bind(a, s, 0, 64);
        long t = k.socket(a, 2);
        k.bind(a, t, 5, 0);
        k.af.release(s);
        k.af.release(t);
        assertEquals(0, k.af.sockCount());
        assertEquals(0, k.af.netCount());
    }

    @Test
    void netnsExitDropsItsSocks() {
        long s = k.socket(a, 0);
        k.bind(a, s, 0, 64);
        Cred other = a.toBuilder().setNetns(3).build();
        long t = k.socket(other, 0);
        k.bind(other, t, 0, 0);
        assertEquals(100, k.name(t).portid(), "namespaces have their own portids");
        k.af.netnsExit(2);
        assertEquals(1, k.af.sockCount());
        assertEquals(ERRNO_EBADF, k.af.bind(a, s, nl(0, 0), Trace.NONE));
    }
}
