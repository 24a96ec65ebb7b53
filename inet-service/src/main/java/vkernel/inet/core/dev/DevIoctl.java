package vkernel.inet.core.dev;

import static vkernel.uapi.Sockios.*;

import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;
import vkernel.uapi.Ifreq;
import vkernel.uapi.Sockios;

/**
 * dev_ioctl (net/core/dev_ioctl.c): the device commands a socket of any family passes
 * down, on the struct ifreq the caller gave. The reading ones (SIOCGIFNAME, SIOCGIFFLAGS,
 * SIOCGIFINDEX, SIOCGIFMTU ...) are served; the changing ones check CAP_NET_ADMIN as Linux
 * does, then answer EOPNOTSUPP (a device is changed with rtnetlink here).
 */
public final class DevIoctl {
    /** An answer: the errno, and the struct as the kernel copies it back (null: not copied). */
    public record Result(Errno errno, byte[] ifr) {
        static Result error(Errno e) {
            return new Result(e, null);
        }

        static Result of(Ifreq r) {
            return new Result(Errno.ERRNO_UNSPECIFIED, r.bytes());
        }
    }

    private DevIoctl() {}

    public static Result ioctl(NetDeviceTable devices, Cred cred, int cmd, byte[] arg) {
        if (cmd == SIOCGIFCONF) {
            return ifconf(devices, arg);
        }
        Ifreq ifr = Ifreq.of(arg);
        if (cmd == SIOCGIFNAME) {
            NetDevice dev = devices.getByIndex(ifr.getInt(Ifreq.UNION));
            if (dev == null) {
                return Result.error(Errno.ERRNO_ENODEV);
            }
            ifr.setName(dev.name());
            return Result.of(ifr);
        }
        ifr.terminateName();
        // "lo:1" names lo: an alias is an address's label, not a device
        String name = ifr.name();
        int colon = name.indexOf(':');
        NetDevice dev = devices.getByName(colon < 0 ? name : name.substring(0, colon));
        switch (cmd) {
            case SIOCGIFHWADDR, SIOCGIFFLAGS, SIOCGIFMETRIC, SIOCGIFMTU, SIOCGIFSLAVE, SIOCGIFMAP, SIOCGIFINDEX, SIOCGIFTXQLEN:
                return dev == null ? Result.error(Errno.ERRNO_ENODEV) : get(dev, cmd, ifr);
            case SIOCSIFMAP, SIOCSIFTXQLEN, SIOCSIFNAME, SIOCSIFFLAGS, SIOCSIFMETRIC, SIOCSIFMTU, SIOCSIFHWADDR, SIOCSIFSLAVE,
                    SIOCADDMULTI, SIOCDELMULTI, SIOCSIFHWBROADCAST:
                if (!Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN)) {
                    return Result.error(Errno.ERRNO_EPERM);
                }
                return Result.error(dev == null ? Errno.ERRNO_ENODEV : Errno.ERRNO_EOPNOTSUPP);
            case SIOCGIFMEM, SIOCSIFMEM, SIOCSIFLINK:
                return Result.error(Errno.ERRNO_ENOTTY);
            default:
                if (cmd >= SIOCDEVPRIVATE && cmd <= SIOCDEVPRIVATE + 15) {
                    // dev_ifsioc: no device here has ndo_siocdevprivate
                    return Result.error(dev == null ? Errno.ERRNO_ENODEV : Errno.ERRNO_EOPNOTSUPP);
                }
                return Result.error(Errno.ERRNO_ENOTTY);
        }
    }

    /**
     * dev_ifconf with inet_gifconf: a struct ifreq (name = the address's label, ifr_addr =
     * its local address) for each IPv4 address of each device, as many as ifc_len holds.
     * arg is ifc_len (4 bytes), or empty for a NULL ifc_buf: then only the length all of
     * them take is counted. The answer is the total length (4 bytes), then the entries.
     */
    private static Result ifconf(NetDeviceTable devices, byte[] arg) {
        boolean count = arg.length < 4;
        int room = count ? 0 : Sockios.intArg(arg);
        java.io.ByteArrayOutputStream entries = new java.io.ByteArrayOutputStream();
        int total = 0;
        for (NetDevice dev : devices.all()) {
            for (InIfaddr ifa : dev.ifaList()) {
                if (count) {
                    total += Ifreq.SIZE;
                    continue;
                }
                if (room - total < Ifreq.SIZE) {
                    break;
                }
                Ifreq r = Ifreq.named(ifa.label());
                r.setSockaddrIn(ifa.local());
                entries.writeBytes(r.bytes());
                total += Ifreq.SIZE;
            }
        }
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        answer.writeBytes(Sockios.intArg(total));
        answer.writeBytes(entries.toByteArray());
        return new Result(Errno.ERRNO_UNSPECIFIED, answer.toByteArray());
    }

    /** dev_ifsioc_locked and dev_get_mac_address. */
    private static Result get(NetDevice dev, int cmd, Ifreq ifr) {
        switch (cmd) {
            case SIOCGIFHWADDR -> {
                byte[] sa = new byte[Ifreq.SOCKADDR_SIZE - 2];
                byte[] hw = dev.address();
                System.arraycopy(hw, 0, sa, 0, Math.min(hw.length, sa.length));
                ifr.put(Ifreq.UNION + 2, sa);
                ifr.putShort(Ifreq.UNION, dev.type);
            }
            case SIOCGIFFLAGS -> ifr.putShort(Ifreq.UNION, dev.flags()); // (short) dev_get_flags
            case SIOCGIFMETRIC -> ifr.putInt(Ifreq.UNION, 0);
            case SIOCGIFMTU -> ifr.putInt(Ifreq.UNION, dev.mtu());
            case SIOCGIFSLAVE -> {
                return Result.error(Errno.ERRNO_EINVAL);
            }
            case SIOCGIFMAP -> {
                // dev_getifmap: mem_start, mem_end, base_addr, irq, dma, port; all zero for these devices
                ifr.putLong(Ifreq.UNION, 0);
                ifr.putLong(Ifreq.UNION + 8, 0);
                ifr.putShort(Ifreq.UNION + 16, 0);
                ifr.put(Ifreq.UNION + 18, new byte[3]);
            }
            case SIOCGIFINDEX -> ifr.putInt(Ifreq.UNION, dev.ifindex);
            case SIOCGIFTXQLEN -> ifr.putInt(Ifreq.UNION, dev.txqlen());
            default -> {
                return Result.error(Errno.ERRNO_ENOTTY);
            }
        }
        return Result.of(ifr);
    }
}
