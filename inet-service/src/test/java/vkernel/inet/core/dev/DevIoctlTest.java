package vkernel.inet.core.dev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.ManualTimers;
import vkernel.inet.core.SkIoctl;
import vkernel.inet.core.Socks;
import vkernel.kernel.trace.Trace;
import vkernel.uapi.If;
import vkernel.uapi.Ifreq;
import vkernel.uapi.Rtnetlink;
import vkernel.uapi.Sockios;

/**
 * The device commands of ioctl(2) on a device made with rtnetlink: dev_ioctl answers by
 * name (an alias names its device) and by index, devinet_ioctl by the address's label, and
 * the changing commands want CAP_NET_ADMIN.
 */
class DevIoctlTest {
    private final AfInet af = new AfInet(new ManualTimers(), Trace.NO_SOURCE);
    private final Socks s = new Socks(af);

    private DevIoctl.Result dev(int cmd, Ifreq ifr) {
        return af.devIoctl(Socks.ROOT, Socks.NETNS, cmd, ifr.bytes(), Trace.NONE);
    }

    private static int intAt(byte[] ifr, int offset) {
        return ByteBuffer.wrap(ifr).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    @Test
    void aDummyDeviceIsFoundByNameAndIndexWithItsEthernetAddress() {
        LinkMessages.add(af, "v0", "dummy");
        int index = intAt(dev(Sockios.SIOCGIFINDEX, Ifreq.named("v0:3")).ifr(), Ifreq.UNION);
        NetDevice v0 = af.net(Socks.NETNS).devices().getByName("v0");
        assertEquals(v0.ifindex, index, "v0:3 is an alias of v0");

        DevIoctl.Result name = dev(Sockios.SIOCGIFNAME, Ifreq.indexed(index));
        assertEquals("v0", Ifreq.of(name.ifr()).name());

        byte[] hw = dev(Sockios.SIOCGIFHWADDR, Ifreq.named("v0")).ifr();
        assertEquals(If.ARPHRD_ETHER, ByteBuffer.wrap(hw).order(ByteOrder.LITTLE_ENDIAN).getShort(Ifreq.UNION));
        assertArrayEquals(v0.address(), Arrays.copyOfRange(hw, Ifreq.UNION + 2, Ifreq.UNION + 8));

        assertEquals(If.IFF_BROADCAST | If.IFF_NOARP,
                intAt(dev(Sockios.SIOCGIFFLAGS, Ifreq.named("v0")).ifr(), Ifreq.UNION) & 0xffff, "down: not UP nor RUNNING");
        assertEquals(Errno.ERRNO_ENODEV, dev(Sockios.SIOCGIFINDEX, Ifreq.named("v1")).errno());
        assertEquals(Errno.ERRNO_ENODEV, dev(Sockios.SIOCGIFNAME, Ifreq.indexed(99)).errno());
        assertEquals(Errno.ERRNO_ENOTTY, dev(Sockios.SIOCATMARK, Ifreq.named("v0")).errno(), "not a device command");
    }

    @Test
    void changingADeviceWantsCapNetAdmin() {
        LinkMessages.add(af, "v0", "dummy");
        assertEquals(Errno.ERRNO_EPERM,
                af.devIoctl(Socks.USER, Socks.NETNS, Sockios.SIOCSIFMTU, Ifreq.named("v0").bytes(), Trace.NONE).errno());
        assertEquals(Errno.ERRNO_EOPNOTSUPP, dev(Sockios.SIOCSIFMTU, Ifreq.named("v0")).errno(),
                "allowed, but devices change through rtnetlink here");
    }

    @Test
    void anAddressIsFoundByItsLabelOnAnInetSocket() {
        LinkMessages.add(af, "v0", "dummy");
        int index = af.net(Socks.NETNS).devices().getByName("v0").ifindex;
        long u = s.udp();
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL, af.ioctl(Socks.ROOT, u, Sockios.SIOCGIFADDR, Ifreq.named("v0").bytes(), Trace.NONE)
                .errno(), "no address yet");
        LinkMessages.addr(af, Rtnetlink.RTM_NEWADDR, index, "10.1.2.3", 24);

        SkIoctl addr = af.ioctl(Socks.ROOT, u, Sockios.SIOCGIFADDR, Ifreq.named("v0").bytes(), Trace.NONE);
        assertEquals(Errno.ERRNO_UNSPECIFIED, addr.errno());
        assertEquals(0x0a010203, Ifreq.of(addr.arg()).sinAddr());
        SkIoctl mask = af.ioctl(Socks.ROOT, u, Sockios.SIOCGIFNETMASK, Ifreq.named("v0").bytes(), Trace.NONE);
        assertEquals(0xffffff00, Ifreq.of(mask.arg()).sinAddr());
        assertEquals(Errno.ERRNO_EADDRNOTAVAIL,
                af.ioctl(Socks.ROOT, u, Sockios.SIOCGIFADDR, Ifreq.named("v0:1").bytes(), Trace.NONE).errno(), "no such label");
        assertEquals(Errno.ERRNO_EINVAL,
                af.ioctl(Socks.ROOT, u, Sockios.SIOCGIFPFLAGS, Ifreq.named("v0").bytes(), Trace.NONE).errno());
    }
}
