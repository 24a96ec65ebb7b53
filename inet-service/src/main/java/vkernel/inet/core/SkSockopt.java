package vkernel.inet.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.dev.NetDevice;
import vkernel.inet.core.raw.RawSock;
import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.udp.UdpSock;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Capability;

/**
 * The SOL_SOCKET options of sk_setsockopt / sk_getsockopt (net/core/sock.c) that the
 * shared vkernel.net.core.SockOptions does not handle yet: timestamps, busy polling,
 * SO_ZEROCOPY, device binding, the peer's credentials and name, the cookie. Consulted
 * only after SockOptions answered ENOPROTOOPT (SO_BINDTODEVICE before, since it takes a
 * string); once SockOptions has them this class goes.
 */
final class SkSockopt {
    static final int SO_BINDTODEVICE = 25;
    static final int SO_PEERCRED = 17;
    static final int SO_PEERNAME = 28;
    static final int SO_TIMESTAMP_OLD = 29;
    static final int SO_TIMESTAMPNS_OLD = 35;
    static final int SO_RXQ_OVFL = 40;
    static final int SO_PEEK_OFF = 42;
    static final int SO_SELECT_ERR_QUEUE = 45;
    static final int SO_BUSY_POLL = 46;
    static final int SO_MAX_PACING_RATE = 47;
    static final int SO_INCOMING_CPU = 49;
    static final int SO_INCOMING_NAPI_ID = 56;
    static final int SO_COOKIE = 57;
    static final int SO_ZEROCOPY = 60;
    static final int SO_BINDTOIFINDEX = 62;
    static final int SO_PREFER_BUSY_POLL = 69;
    static final int SO_BUSY_POLL_BUDGET = 70;
    static final int SO_BUF_LOCK = 72;
    static final int SO_TXREHASH = 74;
    private static final int IFNAMSIZ = 16;
    private static final int SOCK_BUF_LOCK_MASK = 3;
    private static final int OVERFLOW_ID = 65534;

    private SkSockopt() {}

    static final int SO_PASSCRED = 16;
    static final int SO_PASSSEC = 34;
    static final int SO_PASSPIDFD = 76;
    static final int SO_PASSRIGHTS = 83;

    /**
     * sk_may_scm_recv: the options that pass credentials, security labels, pidfds or fds
     * with received data are for unix and netlink socks; an inet sock refuses them.
     */
    static boolean scmOnly(int optname) {
        return optname == SO_PASSCRED || optname == SO_PASSSEC || optname == SO_PASSPIDFD || optname == SO_PASSRIGHTS;
    }

    /** sock_setbindtodevice: a device name (empty unbinds); ENODEV for one the namespace lacks. */
    static Errno setBindToDevice(InetSock sk, byte[] optval, Cred cred) {
        int n = Math.min(optval.length, IFNAMSIZ - 1);
        int end = 0;
        while (end < n && optval[end] != 0) {
            end++;
        }
        String name = new String(optval, 0, end, StandardCharsets.US_ASCII);
        int index = 0;
        if (!name.isEmpty()) {
            NetDevice dev = sk.net.devices.getByName(name);
            if (dev == null) {
                return Errno.ERRNO_ENODEV;
            }
            index = dev.ifindex;
        }
        return bindToIndex(sk, index, cred);
    }

    /** sock_bindtoindex_locked. */
    private static Errno bindToIndex(InetSock sk, int index, Cred cred) {
        if (sk.boundDevIf != 0 && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_RAW)) {
            return Errno.ERRNO_EPERM;
        }
        if (index < 0) {
            return Errno.ERRNO_EINVAL;
        }
        sk.boundDevIf = index;
        return Errno.ERRNO_UNSPECIFIED;
    }

    static Errno set(InetSock sk, int optname, byte[] optval, Cred cred) {
        int val = SockOptions.intValue(optval);
        boolean on = val != 0;
        switch (optname) {
            case SO_TIMESTAMP_OLD -> {
                sk.rcvTstamp = on;
                sk.rcvTstampNs = false;
            }
            case SO_TIMESTAMPNS_OLD -> {
                sk.rcvTstamp = on;
                sk.rcvTstampNs = on;
            }
            case SO_RXQ_OVFL -> sk.rxqOvfl = on;
            case SO_SELECT_ERR_QUEUE -> sk.selectErrQueue = on;
            case SO_PEEK_OFF -> {
                if (sk instanceof RawSock) {
                    return Errno.ERRNO_EOPNOTSUPP;
                }
                sk.peekOff = val;
            }
            case SO_BUSY_POLL -> {
                if (val < 0) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.busyPollUsec = val;
            }
            case SO_PREFER_BUSY_POLL -> {
                if (on && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                sk.preferBusyPoll = on;
            }
            case SO_BUSY_POLL_BUDGET -> {
                if (val > sk.busyPollBudget && !Capability.capable(cred.getCapEffective(), Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                if (val < 0 || val > 0xffff) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.busyPollBudget = val;
            }
            case SO_MAX_PACING_RATE -> sk.maxPacingRate = val == -1 ? -1L : Integer.toUnsignedLong(val);
            case SO_INCOMING_CPU -> sk.incomingCpu = val;
            case SO_ZEROCOPY -> {
                boolean tcpOrUdp = sk instanceof TcpSock || (sk instanceof UdpSock && sk.protocol == 17);
                if (!tcpOrUdp) {
                    return Errno.ERRNO_EOPNOTSUPP;
                }
                if (val < 0 || val > 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.zerocopy = on;
            }
            case SO_BINDTOIFINDEX -> {
                return bindToIndex(sk, val, cred);
            }
            case SO_BUF_LOCK -> {
                if ((val & ~SOCK_BUF_LOCK_MASK) != 0) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.userlocks = val | (sk.userlocks & ~SOCK_BUF_LOCK_MASK);
            }
            case SO_TXREHASH -> {
                if (val < -1 || val > 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.txrehash = val == -1 ? 1 : val;
            }
            default -> {
                return Errno.ERRNO_ENOPROTOOPT;
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    static SockOptions.Value get(InetSock sk, int optname, int len) {
        int v;
        switch (optname) {
            case SO_TIMESTAMP_OLD -> v = b(sk.rcvTstamp && !sk.rcvTstampNs);
            case SO_TIMESTAMPNS_OLD -> v = b(sk.rcvTstampNs);
            case SO_RXQ_OVFL -> v = b(sk.rxqOvfl);
            case SO_SELECT_ERR_QUEUE -> v = b(sk.selectErrQueue);
            case SO_PEEK_OFF -> {
                if (sk instanceof RawSock) {
                    return SockOptions.Value.error(Errno.ERRNO_EOPNOTSUPP);
                }
                v = sk.peekOff;
            }
            case SO_BUSY_POLL -> v = sk.busyPollUsec;
            case SO_PREFER_BUSY_POLL -> v = b(sk.preferBusyPoll);
            case SO_MAX_PACING_RATE -> {
                if (len >= 8) {
                    return SockOptions.Value.truncate(le(8).putLong(sk.maxPacingRate).array(), 8);
                }
                v = (int) Math.min(Integer.toUnsignedLong(-1), sk.maxPacingRate & 0xffffffffL);
                if (sk.maxPacingRate == -1L) {
                    v = -1;
                }
            }
            case SO_INCOMING_CPU -> v = sk.incomingCpu;
            case SO_INCOMING_NAPI_ID -> v = 0;
            case SO_ZEROCOPY -> v = b(sk.zerocopy);
            case SO_BINDTOIFINDEX -> v = sk.boundDevIf;
            case SO_BUF_LOCK -> v = sk.userlocks & SOCK_BUF_LOCK_MASK;
            case SO_TXREHASH -> v = sk.txrehash;
            case SO_BINDTODEVICE -> {
                if (sk.boundDevIf == 0) {
                    return new SockOptions.Value(Errno.ERRNO_UNSPECIFIED, new byte[0]);
                }
                if (len < IFNAMSIZ) {
                    return SockOptions.Value.error(Errno.ERRNO_EINVAL);
                }
                // netdev_get_name: ENODEV once the device is gone
                NetDevice dev = sk.net.devices.getByIndex(sk.boundDevIf);
                if (dev == null) {
                    return SockOptions.Value.error(Errno.ERRNO_ENODEV);
                }
                byte[] name = (dev.name() + "\0").getBytes(StandardCharsets.US_ASCII);
                return new SockOptions.Value(Errno.ERRNO_UNSPECIFIED, name);
            }
            case SO_PEERCRED -> {
                // an inet sock has no peer credentials: no pid, the overflow ids
                byte[] ucred = le(12).putInt(0).putInt(OVERFLOW_ID).putInt(OVERFLOW_ID).array();
                return SockOptions.Value.truncate(ucred, len);
            }
            case SO_PEERNAME -> {
                Results.Getname g = InetBind.getname(sk, 2);
                if (g.errno() != Errno.ERRNO_UNSPECIFIED) {
                    return SockOptions.Value.error(Errno.ERRNO_ENOTCONN);
                }
                if (g.addr().length < len) {
                    return SockOptions.Value.error(Errno.ERRNO_EINVAL);
                }
                return SockOptions.Value.truncate(g.addr(), len);
            }
            case SO_COOKIE -> {
                if (len < 8) {
                    return SockOptions.Value.error(Errno.ERRNO_EINVAL);
                }
                return SockOptions.Value.truncate(le(8).putLong(sk.id).array(), 8);
            }
            default -> {
                return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
            }
        }
        return SockOptions.Value.ofInt(v, len);
    }

    private static int b(boolean v) {
        return v ? 1 : 0;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
