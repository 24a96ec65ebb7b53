package vkernel.inet.core;

import vkernel.errno.v1.Errno;
import vkernel.uapi.Sockios;

/**
 * What inet_ioctl answers: an errno, or the bytes it writes to *arg (the int of a
 * protocol's ioctl — tcp_ioctl, udp_ioctl, raw_ioctl — or devinet_ioctl's struct ifreq);
 * {@link #UNKNOWN} is the kernel's -ENOIOCTLCMD (the socket layer goes on to the device).
 */
public record SkIoctl(Errno errno, byte[] arg) {
    public static final SkIoctl UNKNOWN = new SkIoctl(null, null);

    public static SkIoctl of(int karg) {
        return new SkIoctl(Errno.ERRNO_UNSPECIFIED, Sockios.intArg(karg));
    }

    public static SkIoctl of(byte[] arg) {
        return new SkIoctl(Errno.ERRNO_UNSPECIFIED, arg);
    }

    public static SkIoctl error(Errno e) {
        return new SkIoctl(e, null);
    }

    public boolean unknown() {
        return errno == null;
    }
}
