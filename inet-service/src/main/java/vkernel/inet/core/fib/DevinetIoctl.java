package vkernel.inet.core.fib;

import static vkernel.uapi.Sockios.*;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.Net;
import vkernel.inet.core.SkIoctl;
import vkernel.inet.core.dev.InIfaddr;
import vkernel.inet.core.dev.NetDevice;
import vkernel.uapi.Capability;
import vkernel.uapi.Ifreq;
import vkernel.uapi.Socket;

/**
 * devinet_ioctl (net/ipv4/devinet.c): an AF_INET socket's interface address commands, by
 * the address's label ("lo", "lo:1"). The reading ones are served; the changing ones check
 * CAP_NET_ADMIN and their arguments as Linux does, then answer EOPNOTSUPP (addresses and
 * flags are changed with rtnetlink here).
 */
public final class DevinetIoctl {
    private DevinetIoctl() {}

    public static SkIoctl ioctl(Net net, Cred cred, int cmd, byte[] arg) {
        Ifreq ifr = Ifreq.of(arg);
        ifr.terminateName();
        boolean tryAddrMatch = false;
        int origAddr = ifr.sinAddr();
        switch (cmd) {
            case SIOCGIFADDR, SIOCGIFBRDADDR, SIOCGIFDSTADDR, SIOCGIFNETMASK -> {
                tryAddrMatch = ifr.addrFamily() == Socket.AF_INET;
                ifr.setSockaddrIn(0);
            }
            case SIOCSIFFLAGS -> {
                if (!netAdmin(cred)) {
                    return SkIoctl.error(Errno.ERRNO_EPERM);
                }
            }
            case SIOCSIFADDR, SIOCSIFBRDADDR, SIOCSIFDSTADDR, SIOCSIFNETMASK -> {
                if (!netAdmin(cred)) {
                    return SkIoctl.error(Errno.ERRNO_EPERM);
                }
                if (ifr.addrFamily() != Socket.AF_INET) {
                    return SkIoctl.error(Errno.ERRNO_EINVAL);
                }
            }
            default -> {
                return SkIoctl.error(Errno.ERRNO_EINVAL);
            }
        }
        String label = ifr.name();
        int colon = label.indexOf(':');
        NetDevice dev = net.devices().getByName(colon < 0 ? label : label.substring(0, colon));
        if (dev == null) {
            return SkIoctl.error(Errno.ERRNO_ENODEV);
        }
        InIfaddr ifa = null;
        if (tryAddrMatch) {
            // 4.4BSD style: label and address
            for (InIfaddr a : dev.ifaList()) {
                if (a.label().equals(label) && a.local() == origAddr) {
                    ifa = a;
                    break;
                }
            }
        }
        if (ifa == null) {
            for (InIfaddr a : dev.ifaList()) {
                if (a.label().equals(label)) {
                    ifa = a;
                    break;
                }
            }
        }
        if (ifa == null && cmd != SIOCSIFADDR && cmd != SIOCSIFFLAGS) {
            return SkIoctl.error(Errno.ERRNO_EADDRNOTAVAIL);
        }
        switch (cmd) {
            case SIOCGIFADDR -> ifr.setSockaddrIn(ifa.local());
            case SIOCGIFBRDADDR -> ifr.setSockaddrIn(ifa.broadcast());
            case SIOCGIFDSTADDR -> ifr.setSockaddrIn(ifa.address());
            case SIOCGIFNETMASK -> ifr.setSockaddrIn(ifa.mask());
            default -> {
                return SkIoctl.error(Errno.ERRNO_EOPNOTSUPP);
            }
        }
        return SkIoctl.of(ifr.bytes());
    }

    private static boolean netAdmin(Cred cred) {
        return Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN);
    }
}
