package vkernel.inet.core;

import vkernel.kernel.trace.Trace;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Socket;

/**
 * Who may bind a port a first sock holds (inet_csk_get_port, udp_lib_get_port): the
 * second bind's errno for each combination of addresses, SO_REUSEADDR, SO_REUSEPORT,
 * owners and a listening first sock. Linux 6.18 results.
 */
class InetBindTest {
    @ParameterizedTest(name = "{0}: {1} reuse={2}/{3} port={4}/{5} sameuid={6} listen={7} → {8}")
    @CsvSource({
        // type, first, second, reuseaddr 1/2, reuseport 1/2, same uid, first listens, errno of the second bind
        "1, 127.0.0.1, 127.0.0.1, false, false, false, false, true, false, EADDRINUSE",
        "1, 127.0.0.1, 0.0.0.0, false, false, false, false, true, false, EADDRINUSE",
        "1, 0.0.0.0, 127.0.0.1, false, false, false, false, true, false, EADDRINUSE",
        "1, 127.0.0.1, 127.0.0.2, false, false, false, false, true, false, UNSPECIFIED",
        "1, 127.0.0.1, 127.0.0.1, true, true, false, false, true, false, UNSPECIFIED",
        "1, 127.0.0.1, 127.0.0.1, true, false, false, false, true, false, EADDRINUSE",
        "1, 127.0.0.1, 127.0.0.1, true, true, false, false, true, true, EADDRINUSE",
        "1, 0.0.0.0, 127.0.0.1, true, true, false, false, true, true, EADDRINUSE",
        "1, 127.0.0.1, 127.0.0.1, false, false, true, true, true, false, UNSPECIFIED",
        "1, 127.0.0.1, 127.0.0.1, false, false, true, true, false, false, EADDRINUSE",
        "1, 127.0.0.1, 127.0.0.1, false, false, true, true, true, true, UNSPECIFIED",
        "1, 127.0.0.1, 127.0.0.1, false, false, true, false, true, false, EADDRINUSE",
        "2, 127.0.0.1, 127.0.0.1, false, false, false, false, true, false, EADDRINUSE",
        "2, 0.0.0.0, 127.0.0.1, false, false, false, false, true, false, EADDRINUSE",
        "2, 127.0.0.1, 127.0.0.1, true, true, false, false, true, false, UNSPECIFIED",
        "2, 0.0.0.0, 127.0.0.1, true, true, false, false, true, false, UNSPECIFIED",
        "2, 127.0.0.1, 127.0.0.1, false, false, true, true, true, false, UNSPECIFIED",
        "2, 127.0.0.1, 127.0.0.1, false, false, true, true, false, false, EADDRINUSE",
        "2, 127.0.0.1, 127.0.0.2, false, false, false, false, true, false, UNSPECIFIED",
    })
    void secondBind(int type, String a1, String a2, boolean reuse1, boolean reuse2, boolean port1, boolean port2,
            boolean sameUid, boolean listens, String errno) {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long first = s.socket(type);
        set(s, first, Socket.SO_REUSEADDR, reuse1, Socks.ROOT);
        set(s, first, Socket.SO_REUSEPORT, port1, Socks.ROOT);
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.bind(first, a1 + ":7000"));
        if (listens) {
            assertEquals(Errno.ERRNO_UNSPECIFIED, s.listen(first, 5));
        }
        vkernel.cred.v1.Cred owner = sameUid ? Socks.ROOT : Socks.USER;
        long second = s.af.create(owner, type, 0, false, 0, Trace.NONE).sock();
        set(s, second, Socket.SO_REUSEADDR, reuse2, owner);
        set(s, second, Socket.SO_REUSEPORT, port2, owner);
        // port 7000 is unprivileged: the user may bind it
        assertEquals(Errno.valueOf("ERRNO_" + errno), s.af.bind(owner, second, Socks.addr(a2 + ":7000"), Trace.NONE));
    }

    private static void set(Socks s, long sk, int opt, boolean on, vkernel.cred.v1.Cred cred) {
        byte[] v = {(byte) (on ? 1 : 0), 0, 0, 0};
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.af.setsockopt(cred, sk, Socket.SOL_SOCKET, opt, v, Trace.NONE));
    }

    @ParameterizedTest(name = "bind {0} as {1} = {2}")
    @CsvSource({
        "127.0.0.1:80, root, UNSPECIFIED",
        "127.0.0.1:80, user, EACCES",
        "127.0.0.1:1023, user, EACCES",
        "127.0.0.1:1024, user, UNSPECIFIED",
        "127.0.0.1:0, user, UNSPECIFIED",
        "10.0.0.1:5000, root, EADDRNOTAVAIL",
        "10.0.0.1:80, user, EADDRNOTAVAIL",
        "127.5.6.7:5000, user, UNSPECIFIED",
        "127.255.255.255:5000, user, UNSPECIFIED",
        "224.0.0.1:5000, user, UNSPECIFIED",
        "255.255.255.255:5000, user, UNSPECIFIED",
        "0.0.0.0:5000, user, UNSPECIFIED",
    })
    void addressChecks(String addr, String who, String errno) {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        vkernel.cred.v1.Cred cred = who.equals("root") ? Socks.ROOT : Socks.USER;
        long sk = s.af.create(cred, Socket.SOCK_STREAM, 0, false, 0, Trace.NONE).sock();
        assertEquals(Errno.valueOf("ERRNO_" + errno), s.af.bind(cred, sk, Socks.addr(addr), Trace.NONE));
    }

    @org.junit.jupiter.api.Test
    void lengthFamilyAndRebind() {
        Socks s = new Socks(new AfInet(new ManualTimers(), Trace.NO_SOURCE));
        long sk = s.tcp();
        assertEquals(Errno.ERRNO_EINVAL, s.af.bind(Socks.ROOT, sk, new byte[8], Trace.NONE), "shorter than sockaddr_in");
        byte[] inet6 = Socks.addr("127.0.0.1:5000");
        inet6[0] = 10;
        assertEquals(Errno.ERRNO_EAFNOSUPPORT, s.af.bind(Socks.ROOT, sk, inet6, Trace.NONE));
        byte[] unspecAny = Socks.addr("0.0.0.0:5000");
        unspecAny[0] = 0;
        assertEquals(Errno.ERRNO_UNSPECIFIED, s.af.bind(Socks.ROOT, sk, unspecAny, Trace.NONE), "AF_UNSPEC with INADDR_ANY");
        assertEquals(Errno.ERRNO_EINVAL, s.bind(sk, "127.0.0.1:5001"), "already bound");
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, s.bind(sk, "10.0.0.1:5001"), "the address is checked first");
    }
}
