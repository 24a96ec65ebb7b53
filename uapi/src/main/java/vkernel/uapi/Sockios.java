package vkernel.uapi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * include/uapi/linux/sockios.h and the generic ioctls of include/uapi/asm-generic/ioctls.h
 * that sockets answer. SIOCINQ is FIONREAD and SIOCOUTQ is TIOCOUTQ: the same numbers.
 */
public final class Sockios {
    private Sockios() {}

    public static final int FIONREAD = 0x541B;
    public static final int SIOCINQ = FIONREAD;
    public static final int TIOCOUTQ = 0x5411;
    public static final int SIOCOUTQ = TIOCOUTQ;
    public static final int FIONBIO = 0x5421;
    public static final int FIONCLEX = 0x5450;
    public static final int FIOCLEX = 0x5451;
    public static final int FIOASYNC = 0x5452;

    public static final int SIOCATMARK = 0x8905;
    /** Bytes sent but not yet sent on: write_seq - snd_nxt. */
    public static final int SIOCOUTQNSD = 0x894B;

    // the device commands (struct ifreq), dev_ioctl's and devinet_ioctl's
    public static final int SIOCGIFNAME = 0x8910;
    public static final int SIOCGIFCONF = 0x8912;
    public static final int SIOCGIFFLAGS = 0x8913;
    public static final int SIOCSIFFLAGS = 0x8914;
    public static final int SIOCGIFADDR = 0x8915;
    public static final int SIOCSIFADDR = 0x8916;
    public static final int SIOCGIFDSTADDR = 0x8917;
    public static final int SIOCSIFDSTADDR = 0x8918;
    public static final int SIOCGIFBRDADDR = 0x8919;
    public static final int SIOCSIFBRDADDR = 0x891a;
    public static final int SIOCGIFNETMASK = 0x891b;
    public static final int SIOCSIFNETMASK = 0x891c;
    public static final int SIOCGIFMETRIC = 0x891d;
    public static final int SIOCSIFMETRIC = 0x891e;
    public static final int SIOCGIFMEM = 0x891f;
    public static final int SIOCSIFMEM = 0x8920;
    public static final int SIOCGIFMTU = 0x8921;
    public static final int SIOCSIFMTU = 0x8922;
    public static final int SIOCSIFNAME = 0x8923;
    public static final int SIOCSIFHWADDR = 0x8924;
    public static final int SIOCGIFHWADDR = 0x8927;
    public static final int SIOCGIFSLAVE = 0x8929;
    public static final int SIOCSIFSLAVE = 0x8930;
    public static final int SIOCADDMULTI = 0x8931;
    public static final int SIOCDELMULTI = 0x8932;
    public static final int SIOCGIFINDEX = 0x8933;
    public static final int SIOCSIFPFLAGS = 0x8934;
    public static final int SIOCGIFPFLAGS = 0x8935;
    public static final int SIOCSIFLINK = 0x8911;
    public static final int SIOCSIFHWBROADCAST = 0x8937;
    public static final int SIOCGIFTXQLEN = 0x8942;
    public static final int SIOCSIFTXQLEN = 0x8943;
    public static final int SIOCGIFMAP = 0x8970;
    public static final int SIOCSIFMAP = 0x8971;
    public static final int SIOCDEVPRIVATE = 0x89F0;

    /** _IOC_TYPE of the socket ioctls (0x89xx), which sock_do_ioctl hands to dev_ioctl. */
    public static final int SOCK_IOC_TYPE = 0x89;

    /** net/socket.c:is_socket_ioctl_cmd. */
    public static boolean isSocketIoctlCmd(int cmd) {
        return ((cmd >>> 8) & 0xff) == SOCK_IOC_TYPE;
    }

    /** The int an ioctl writes to *arg, as the C int's bytes. */
    public static byte[] intArg(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    /** The int an ioctl wrote to *arg. */
    public static int intArg(byte[] arg) {
        return ByteBuffer.wrap(arg).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
