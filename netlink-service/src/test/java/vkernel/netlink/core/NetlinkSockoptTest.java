package vkernel.netlink.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static vkernel.errno.v1.Errno.*;
import static vkernel.netlink.core.Kernel.root;
import static vkernel.netlink.core.Kernel.task;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockaddrNl;
import vkernel.uapi.Socket;

/** netlink_setsockopt / netlink_getsockopt and the group bitmap getsockname shows. */
class NetlinkSockoptTest {
    private static final int SOL_NETLINK = Socket.SOL_NETLINK;
    private final Kernel k = new Kernel();
    private final Cred a = root(100);

    /** Scenario 44. */
    @Test
    void bindMaskAndAddMembershipShowInGetsockname() {
        long s = k.socket(a, Netlink.NETLINK_ROUTE);
        assertEquals(ERRNO_UNSPECIFIED, k.bind(a, s, 0, 64));
        assertEquals(new SockaddrNl(100, 64), k.name(s));
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, s, SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, 11));
        assertEquals(new SockaddrNl(100, 1088), k.name(s));
    }

    @ParameterizedTest(name = "ADD_MEMBERSHIP {1} on protocol {0} by uid {2} = {3}")
    @CsvSource({
        "0, 0, 0, ERRNO_EINVAL", "0, 39, 0, ERRNO_UNSPECIFIED", "0, 40, 0, ERRNO_EINVAL", "0, -1, 0, ERRNO_EINVAL",
        "0, 30, 1000, ERRNO_EPERM", "0, 29, 1000, ERRNO_UNSPECIFIED", "2, 32, 0, ERRNO_UNSPECIFIED",
        "2, 33, 0, ERRNO_EINVAL", "2, 1, 1000, ERRNO_EPERM", "16, 64, 0, ERRNO_UNSPECIFIED",
        "16, 65, 0, ERRNO_EINVAL", "9, 40, 1000, ERRNO_EINVAL", "9, 1, 1000, ERRNO_EPERM",
        "12, 40, 1000, ERRNO_EPERM", "15, 1, 1000, ERRNO_UNSPECIFIED"})
    void membershipRanges(int protocol, int group, int uid, Errno expected) {
        Cred c = uid == 0 ? a : task(200, 0);
        long s = k.socket(c, protocol);
        assertEquals(expected, k.setsockopt(c, s, SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group));
    }

    @Test
    void listMembershipsAndDrop() {
        long s = k.socket(a, 0);
        assertArrayEquals(new byte[0], k.af.getsockopt(s, SOL_NETLINK, Netlink.NETLINK_LIST_MEMBERSHIPS, 8).bytes(),
                "no group bitmap before the first join");
        k.setsockopt(a, s, SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, 32);
        k.setsockopt(a, s, SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, 39);
        assertEquals(new SockaddrNl(0, 0x80000000), k.name(s));
        SockOptions.Value v = k.af.getsockopt(s, SOL_NETLINK, Netlink.NETLINK_LIST_MEMBERSHIPS, 100);
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 0x80, 0x40, 0, 0, 0}, v.bytes());
        assertEquals(4, k.af.getsockopt(s, SOL_NETLINK, Netlink.NETLINK_LIST_MEMBERSHIPS, 7).bytes().length);
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, s, SOL_NETLINK, Netlink.NETLINK_DROP_MEMBERSHIP, 32));
        assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, s, SOL_NETLINK, Netlink.NETLINK_DROP_MEMBERSHIP, 7));
        assertEquals(0, k.getsockoptInt(s, SOL_NETLINK, Netlink.NETLINK_LIST_MEMBERSHIPS));
    }

    @Test
    void flagsReadBackAsZeroOrOne() {
        long s = k.socket(a, 0);
        for (int opt : new int[] {Netlink.NETLINK_PKTINFO, Netlink.NETLINK_CAP_ACK, Netlink.NETLINK_EXT_ACK,
            Netlink.NETLINK_GET_STRICT_CHK, Netlink.NETLINK_NO_ENOBUFS, Netlink.NETLINK_BROADCAST_ERROR,
            Netlink.NETLINK_LISTEN_ALL_NSID}) {
            assertEquals(0, k.getsockoptInt(s, SOL_NETLINK, opt));
            assertEquals(ERRNO_UNSPECIFIED, k.setsockopt(a, s, SOL_NETLINK, opt, 5));
            assertEquals(1, k.getsockoptInt(s, SOL_NETLINK, opt));
            assertEquals(ERRNO_UNSPECIFIED, k.af.setsockopt(a, s, SOL_NETLINK, opt, new byte[2]),
                    "a short value reads as 0");
            assertEquals(0, k.getsockoptInt(s, SOL_NETLINK, opt));
        }
    }

    @Test
    void unknownOptionsAndLevels() {
        long s = k.socket(a, 0);
        assertEquals(ERRNO_ENOPROTOOPT, k.setsockopt(a, s, SOL_NETLINK, Netlink.NETLINK_RX_RING, 1));
        assertEquals(ERRNO_ENOPROTOOPT, k.setsockopt(a, s, SOL_NETLINK, 99, 1));
        assertEquals(ERRNO_ENOPROTOOPT, k.setsockopt(a, s, Socket.SOL_IP, 1, 1));
        assertEquals(ERRNO_ENOPROTOOPT, k.af.getsockopt(s, Socket.SOL_IP, 1, 4).errno());
        assertEquals(ERRNO_ENOPROTOOPT, k.af.getsockopt(s, SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, 4).errno());
        assertEquals(ERRNO_EINVAL, k.af.getsockopt(s, SOL_NETLINK, Netlink.NETLINK_PKTINFO, 3).errno());
        assertEquals(ERRNO_EINVAL, k.af.getsockopt(s, SOL_NETLINK, 99, -1).errno());
        assertEquals(ERRNO_EOPNOTSUPP, k.setsockopt(a, s, Socket.SOL_SOCKET, Socket.SO_REUSEPORT, 1));
        assertEquals(ERRNO_EPERM, k.setsockopt(task(5, 0), s, SOL_NETLINK, Netlink.NETLINK_LISTEN_ALL_NSID, 1));
    }
}
