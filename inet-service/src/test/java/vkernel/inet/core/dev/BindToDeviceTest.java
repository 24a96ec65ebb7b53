package vkernel.inet.core.dev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Socket;

/** SO_BINDTODEVICE names a device of the namespace's table (sock_setbindtodevice, sock_getbindtodevice). */
class BindToDeviceTest {
    private static final int SO_BINDTODEVICE = 25;
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);
    private final Socks s = new Socks(af);

    private Errno bind(long sk, String name) {
        return af.setsockopt(Socks.ROOT, sk, Socket.SOL_SOCKET, SO_BINDTODEVICE,
                (name + "\0").getBytes(StandardCharsets.US_ASCII), Trace.NONE);
    }

    private SockOptions.Value name(long sk) {
        return af.getsockopt(Socks.ROOT, sk, Socket.SOL_SOCKET, SO_BINDTODEVICE, 16, Trace.NONE);
    }

    @Test
    void aDeviceByItsNameUntilItIsGone() {
        long u = s.udp();
        assertEquals(Errno.ERRNO_ENODEV, bind(u, "v0"), "not made yet");
        LinkMessages.add(af, "v0", "dummy");
        assertEquals(Errno.ERRNO_UNSPECIFIED, bind(u, "v0"));
        assertArrayEquals("v0\0".getBytes(StandardCharsets.US_ASCII), name(u).bytes());
        af.rtnlDoit(Socks.ROOT, LinkMessages.link(Rtnetlink.RTM_DELLINK, 5, 2, 0, 0), 77, false, Trace.NONE);
        assertEquals(Errno.ERRNO_ENODEV, name(u).errno(), "netdev_get_name finds no device at its index");
    }
}
