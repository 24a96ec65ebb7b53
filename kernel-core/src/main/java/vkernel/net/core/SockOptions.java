package vkernel.net.core;

import static vkernel.uapi.Socket.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.uapi.Capability;

/**
 * SOL_SOCKET options: sk_setsockopt and sk_getsockopt (net/core/sock.c), the same for
 * every family. Values are the bytes a program passes (int, struct linger, struct
 * timeval); lengths are checked as the kernel checks them.
 */
public final class SockOptions {
    private static final int INT_SIZE = 4;
    private static final int LINGER_SIZE = 8;
    private static final int TIMEVAL_SIZE = 16;
    private static final long USEC_PER_SEC = 1_000_000L;

    private SockOptions() {}

    /** A getsockopt result: the errno, or the optlen bytes the kernel wrote. */
    public record Value(Errno errno, byte[] bytes) {
        public static Value error(Errno e) {
            return new Value(e, new byte[0]);
        }

        public static Value ofInt(int v, int optlen) {
            return truncate(le(INT_SIZE).putInt(v).array(), optlen);
        }

        public static Value truncate(byte[] full, int optlen) {
            if (optlen < 0) {
                return error(Errno.ERRNO_EINVAL);
            }
            int n = Math.min(optlen, full.length);
            byte[] out = new byte[n];
            System.arraycopy(full, 0, out, 0, n);
            return new Value(Errno.ERRNO_UNSPECIFIED, out);
        }
    }

    /** Reads the int a setsockopt passes; null when optlen is too short (EINVAL). */
    public static Integer intValue(byte[] optval) {
        if (optval.length < INT_SIZE) {
            return null;
        }
        return ByteBuffer.wrap(optval).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** Follows sk_setsockopt. */
    public static Errno set(Sock sk, int optname, byte[] optval, Cred cred) {
        Integer boxed = intValue(optval);
        if (boxed == null) {
            return Errno.ERRNO_EINVAL;
        }
        int val = boxed;
        boolean valbool = val != 0;
        long caps = cred.getCapEffective();
        switch (optname) {
            case SO_DEBUG -> {
                if (valbool && !Capability.capable(caps, Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EACCES;
                }
                sk.debug = valbool;
            }
            case SO_REUSEADDR -> sk.reuse = valbool;
            case SO_REUSEPORT -> {
                if (valbool && !sk.isInet()) {
                    return Errno.ERRNO_EOPNOTSUPP;
                }
                sk.reuseport = valbool;
            }
            case SO_DONTROUTE -> sk.dontroute = valbool;
            case SO_BROADCAST -> sk.broadcast = valbool;
            case SO_SNDBUF -> setSndbuf(sk, clampUnsigned(val, Sysctl.WMEM_MAX));
            case SO_SNDBUFFORCE -> {
                if (!Capability.capable(caps, Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                setSndbuf(sk, Math.max(val, 0));
            }
            case SO_RCVBUF -> setRcvbuf(sk, clampUnsigned(val, Sysctl.RMEM_MAX));
            case SO_RCVBUFFORCE -> {
                if (!Capability.capable(caps, Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                setRcvbuf(sk, Math.max(val, 0));
            }
            case SO_KEEPALIVE -> sk.setKeepalive(valbool);
            case SO_OOBINLINE -> sk.oobinline = valbool;
            case SO_NO_CHECK -> sk.noCheck = valbool;
            case SO_PRIORITY -> {
                if ((val < 0 || val > 6) && !Capability.capable(caps, Capability.CAP_NET_RAW)
                        && !Capability.capable(caps, Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                sk.priority = val;
            }
            case SO_LINGER -> {
                if (optval.length < LINGER_SIZE) {
                    return Errno.ERRNO_EINVAL;
                }
                ByteBuffer b = ByteBuffer.wrap(optval).order(ByteOrder.LITTLE_ENDIAN);
                int onoff = b.getInt(0);
                // l_linger is an int taken as an unsigned long: a negative one sign-extends
                // past MAX_SCHEDULE_TIMEOUT / HZ and lingers forever
                long seconds = b.getInt(4);
                if (onoff == 0) {
                    sk.linger = false;
                } else {
                    sk.lingertime = Long.compareUnsigned(seconds, Sysctl.MAX_SCHEDULE_TIMEOUT / Sysctl.HZ) >= 0
                            ? Sysctl.MAX_SCHEDULE_TIMEOUT : seconds * Sysctl.HZ;
                    sk.linger = true;
                }
            }
            case SO_BSDCOMPAT -> { }
            case SO_PASSCRED -> sk.passcred = valbool;
            case SO_RCVLOWAT -> sk.rcvlowat = val < 0 ? Integer.MAX_VALUE : (val == 0 ? 1 : val);
            case SO_RCVTIMEO, SO_SNDTIMEO -> {
                if (optval.length < TIMEVAL_SIZE) {
                    return Errno.ERRNO_EINVAL;
                }
                ByteBuffer b = ByteBuffer.wrap(optval).order(ByteOrder.LITTLE_ENDIAN);
                long sec = b.getLong(0);
                long usec = b.getLong(8);
                if (usec < 0 || usec >= USEC_PER_SEC) {
                    return Errno.ERRNO_EDOM;
                }
                long timeo = timevalToJiffies(sec, usec);
                if (optname == SO_RCVTIMEO) {
                    sk.rcvtimeo = timeo;
                } else {
                    sk.sndtimeo = timeo;
                }
            }
            case SO_MARK -> {
                if (!Capability.capable(caps, Capability.CAP_NET_RAW) && !Capability.capable(caps, Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                sk.mark = val;
            }
            default -> {
                return Errno.ERRNO_ENOPROTOOPT;
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** Follows sk_getsockopt. */
    public static Value get(Sock sk, int optname, int optlen) {
        if (optlen < 0) {
            return Value.error(Errno.ERRNO_EINVAL);
        }
        int v;
        switch (optname) {
            case SO_DEBUG -> v = bool(sk.debug);
            case SO_DONTROUTE -> v = bool(sk.dontroute);
            case SO_BROADCAST -> v = bool(sk.broadcast);
            case SO_SNDBUF -> v = sk.sndbuf;
            case SO_RCVBUF -> v = sk.rcvbuf;
            case SO_REUSEADDR -> v = bool(sk.reuse);
            case SO_REUSEPORT -> v = bool(sk.reuseport);
            case SO_KEEPALIVE -> v = bool(sk.keepopen);
            case SO_TYPE -> v = sk.type;
            case SO_PROTOCOL -> v = sk.protocol;
            case SO_DOMAIN -> v = sk.family;
            case SO_ERROR -> {
                v = sk.sockError();
                if (v == 0) {
                    v = sk.errSoft;
                    sk.errSoft = 0;
                }
            }
            case SO_OOBINLINE -> v = bool(sk.oobinline);
            case SO_NO_CHECK -> v = bool(sk.noCheck);
            case SO_PRIORITY -> v = sk.priority;
            case SO_LINGER -> {
                byte[] ling = le(LINGER_SIZE).putInt(bool(sk.linger)).putInt((int) (sk.lingertime / Sysctl.HZ)).array();
                return Value.truncate(ling, optlen);
            }
            case SO_BSDCOMPAT -> v = 0;
            case SO_RCVTIMEO -> {
                return Value.truncate(jiffiesToTimeval(sk.rcvtimeo), optlen);
            }
            case SO_SNDTIMEO -> {
                return Value.truncate(jiffiesToTimeval(sk.sndtimeo), optlen);
            }
            case SO_RCVLOWAT -> v = sk.rcvlowat;
            case SO_SNDLOWAT -> v = 1;
            case SO_PASSCRED -> v = bool(sk.passcred);
            case SO_ACCEPTCONN -> v = bool(sk.listening());
            case SO_MARK -> v = sk.mark;
            default -> {
                return Value.error(Errno.ERRNO_ENOPROTOOPT);
            }
        }
        return Value.ofInt(v, optlen);
    }

    /** min_t(u32, val, max): a negative int is a huge unsigned one. */
    private static int clampUnsigned(int val, int max) {
        return Integer.compareUnsigned(val, max) > 0 ? max : val;
    }

    private static void setSndbuf(Sock sk, int val) {
        sk.userlocks |= Sock.SOCK_SNDBUF_LOCK;
        val = Math.min(val, Integer.MAX_VALUE / 2); // val * 2 must stay a positive int
        sk.sndbuf = Math.max(val * 2, Sysctl.SOCK_MIN_SNDBUF);
    }

    /** __sock_set_rcvbuf. */
    private static void setRcvbuf(Sock sk, int val) {
        val = Math.min(val, Integer.MAX_VALUE / 2);
        sk.userlocks |= Sock.SOCK_RCVBUF_LOCK;
        sk.rcvbuf = Math.max(val * 2, Sysctl.SOCK_MIN_RCVBUF);
    }

    /** sock_set_timeout: tv_sec * HZ + DIV_ROUND_UP(tv_usec, USEC_PER_SEC / HZ); 0,0 is no timeout. */
    static long timevalToJiffies(long sec, long usec) {
        if (sec < 0) {
            return 0;
        }
        if (sec == 0 && usec == 0) {
            return Sysctl.MAX_SCHEDULE_TIMEOUT;
        }
        long perTick = USEC_PER_SEC / Sysctl.HZ;
        if (sec >= (Sysctl.MAX_SCHEDULE_TIMEOUT / Sysctl.HZ - 1)) {
            return Sysctl.MAX_SCHEDULE_TIMEOUT;
        }
        return sec * Sysctl.HZ + (usec + perTick - 1) / perTick;
    }

    /** sock_get_timeout. */
    static byte[] jiffiesToTimeval(long timeo) {
        long sec = 0;
        long usec = 0;
        if (timeo != Sysctl.MAX_SCHEDULE_TIMEOUT) {
            sec = timeo / Sysctl.HZ;
            usec = (timeo % Sysctl.HZ) * USEC_PER_SEC / Sysctl.HZ;
        }
        return le(TIMEVAL_SIZE).putLong(sec).putLong(usec).array();
    }

    private static int bool(boolean b) {
        return b ? 1 : 0;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
