package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import java.nio.charset.StandardCharsets;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.IpSockglue;
import vkernel.net.core.Sock;
import vkernel.net.core.SockOptions;
import vkernel.net.core.Sysctl;

/**
 * SOL_TCP options (net/ipv4/tcp.c, do_tcp_setsockopt / do_tcp_getsockopt), with their
 * ranges (TCP_MAXSEG 88..32767, TCP_KEEPIDLE and TCP_KEEPINTVL 1..32767, TCP_KEEPCNT and
 * TCP_SYNCNT 1..127 ...). Other levels go to IP (ip_setsockopt / ip_getsockopt).
 */
public final class TcpSockopt {
    static final int TCP_NODELAY = 1;
    static final int TCP_MAXSEG = 2;
    static final int TCP_CORK = 3;
    static final int TCP_KEEPIDLE = 4;
    static final int TCP_KEEPINTVL = 5;
    static final int TCP_KEEPCNT = 6;
    static final int TCP_SYNCNT = 7;
    static final int TCP_LINGER2 = 8;
    static final int TCP_DEFER_ACCEPT = 9;
    static final int TCP_WINDOW_CLAMP = 10;
    static final int TCP_INFO = 11;
    static final int TCP_QUICKACK = 12;
    static final int TCP_CONGESTION = 13;
    static final int TCP_THIN_LINEAR_TIMEOUTS = 16;
    static final int TCP_THIN_DUPACK = 17;
    static final int TCP_USER_TIMEOUT = 18;
    static final int TCP_REPAIR = 19;
    static final int TCP_FASTOPEN = 23;
    static final int TCP_NOTSENT_LOWAT = 25;
    static final int TCP_SAVE_SYN = 27;
    static final int TCP_FASTOPEN_CONNECT = 30;
    static final int TCP_FASTOPEN_NO_COOKIE = 34;
    static final int TCP_INQ = 36;
    static final int TCP_TX_DELAY = 37;
    static final int TCP_IS_MPTCP = 43;

    static final int TCP_MIN_MSS = 88;
    static final int MAX_TCP_WINDOW = 32767;
    static final int MAX_TCP_KEEPIDLE = 32767;
    static final int MAX_TCP_KEEPINTVL = 32767;
    static final int MAX_TCP_KEEPCNT = 127;
    static final int MAX_TCP_SYNCNT = 127;
    /** TCP_FIN_TIMEOUT_MAX. */
    static final int FIN_TIMEOUT_MAX_SECS = 120;
    private static final int RTO_MAX_SECS = 120;

    private TcpSockopt() {}

    /** tcp_setsockopt. */
    static Errno set(TcpSock sk, int level, int optname, byte[] optval, vkernel.cred.v1.Cred cred) {
        if (level != vkernel.uapi.Socket.SOL_TCP) {
            return IpSockglue.set(sk, level, optname, optval, cred);
        }
        if (optname == TCP_CONGESTION) {
            String name = new String(optval, StandardCharsets.US_ASCII).split("\0", 2)[0];
            return name.equals("cubic") || name.equals("reno") ? Errno.ERRNO_UNSPECIFIED : Errno.ERRNO_ENOENT;
        }
        Integer boxed = SockOptions.intValue(optval);
        if (boxed == null) {
            return Errno.ERRNO_EINVAL;
        }
        int val = boxed;
        switch (optname) {
            case TCP_SYNCNT -> {
                if (val < 1 || val > MAX_TCP_SYNCNT) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.synRetries = val;
            }
            case TCP_USER_TIMEOUT -> {
                if (val < 0) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.userTimeout = val;
            }
            case TCP_KEEPINTVL -> {
                if (val < 1 || val > MAX_TCP_KEEPINTVL) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.keepaliveIntvl = val * Sysctl.HZ;
            }
            case TCP_KEEPCNT -> {
                if (val < 1 || val > MAX_TCP_KEEPCNT) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.keepaliveProbes = val;
            }
            case TCP_LINGER2 -> {
                if (val < 0) {
                    sk.linger2 = -1;
                } else {
                    sk.linger2 = Math.min(val, FIN_TIMEOUT_MAX_SECS) * Sysctl.HZ;
                }
            }
            case TCP_DEFER_ACCEPT -> sk.deferAccept = secsToRetrans(val, 1, RTO_MAX_SECS);
            case TCP_MAXSEG -> {
                if (val != 0 && (val < TCP_MIN_MSS || val > MAX_TCP_WINDOW)) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.userMss = val;
            }
            case TCP_NODELAY -> {
                if (val != 0) {
                    sk.nonagle |= TcpSock.TCP_NAGLE_OFF | TcpSock.TCP_NAGLE_PUSH;
                    TcpOutput.push(sk, true);
                } else {
                    sk.nonagle &= ~TcpSock.TCP_NAGLE_OFF;
                }
            }
            case TCP_CORK -> {
                if (val != 0) {
                    sk.nonagle |= TcpSock.TCP_NAGLE_CORK;
                    sk.nonagle &= ~TcpSock.TCP_NAGLE_PUSH;
                } else {
                    sk.nonagle &= ~TcpSock.TCP_NAGLE_CORK;
                    if ((sk.nonagle & TcpSock.TCP_NAGLE_OFF) != 0) {
                        sk.nonagle |= TcpSock.TCP_NAGLE_PUSH;
                    }
                    sk.corkedByMore = false;
                    TcpOutput.push(sk, true);
                }
            }
            case TCP_THIN_LINEAR_TIMEOUTS -> {
                if (val < 0 || val > 1) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.thinLto = val == 1;
            }
            case TCP_THIN_DUPACK -> {
                if (val < 0 || val > 1) {
                    return Errno.ERRNO_EINVAL;
                }
            }
            case TCP_REPAIR -> {
                if (!vkernel.uapi.Capability.capable(cred.getCapEffective(), vkernel.uapi.Capability.CAP_NET_ADMIN)) {
                    return Errno.ERRNO_EPERM;
                }
                return Errno.ERRNO_EINVAL; // repair mode is not simulated
            }
            case TCP_KEEPIDLE -> {
                if (val < 1 || val > MAX_TCP_KEEPIDLE) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.keepaliveTime = val * Sysctl.HZ;
            }
            case TCP_SAVE_SYN -> {
                if (val < 0 || val > 2) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.saveSyn = val;
            }
            case TCP_WINDOW_CLAMP -> {
                if (val == 0) {
                    if (sk.state != TCP_CLOSE) {
                        return Errno.ERRNO_EINVAL;
                    }
                    sk.windowClamp = 0;
                } else {
                    sk.windowClamp = Math.max(Sysctl.SOCK_MIN_RCVBUF / 2, val);
                }
            }
            case TCP_QUICKACK -> {
                // __tcp_sock_set_quickack: 0 delays ACKs; otherwise an ACK owed goes now
                if (val == 0) {
                    sk.pingpong = true;
                } else {
                    sk.pingpong = false;
                    if (in(sk.state, f(TCP_ESTABLISHED) | f(TCP_CLOSE_WAIT)) && sk.ackPending) {
                        TcpOutput.sendAck(sk);
                        if ((val & 1) == 0) {
                            sk.pingpong = true;
                        }
                    }
                }
            }
            case TCP_FASTOPEN -> {
                if (val >= 0 && in(sk.state, f(TCP_CLOSE) | f(TCP_LISTEN))) {
                    sk.fastopenMaxQlen = Math.min(val, Sysctl.SOMAXCONN);
                } else {
                    return Errno.ERRNO_EINVAL;
                }
            }
            case TCP_FASTOPEN_CONNECT -> {
                if (val > 1 || val < 0) {
                    return Errno.ERRNO_EINVAL;
                }
                if (sk.state != TCP_CLOSE) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.fastopenConnect = val == 1;
            }
            case TCP_FASTOPEN_NO_COOKIE -> {
                if (val > 1 || val < 0 || !in(sk.state, f(TCP_CLOSE) | f(TCP_LISTEN))) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.fastopenNoCookie = val == 1;
            }
            case TCP_NOTSENT_LOWAT -> sk.notsentLowat = val;
            case TCP_INQ -> {
                if (val > 1 || val < 0) {
                    return Errno.ERRNO_EINVAL;
                }
                sk.recvmsgInq = val == 1;
            }
            case TCP_TX_DELAY -> sk.txDelay = val;
            default -> {
                return Errno.ERRNO_ENOPROTOOPT;
            }
        }
        return Errno.ERRNO_UNSPECIFIED;
    }

    /** tcp_getsockopt. */
    static SockOptions.Value get(TcpSock sk, int level, int optname, int len) {
        if (level != vkernel.uapi.Socket.SOL_TCP) {
            return IpSockglue.get(sk, level, optname, len);
        }
        if (len < 0) {
            return SockOptions.Value.error(Errno.ERRNO_EINVAL);
        }
        int val;
        switch (optname) {
            case TCP_MAXSEG -> {
                val = sk.mssCache;
                if (sk.userMss != 0 && in(sk.state, f(TCP_CLOSE) | f(TCP_LISTEN))) {
                    val = sk.userMss;
                }
            }
            case TCP_NODELAY -> val = (sk.nonagle & TcpSock.TCP_NAGLE_OFF) != 0 ? 1 : 0;
            case TCP_CORK -> val = (sk.nonagle & TcpSock.TCP_NAGLE_CORK) != 0 ? 1 : 0;
            case TCP_KEEPIDLE -> val = sk.keepaliveTime != 0 ? sk.keepaliveTime / Sysctl.HZ : sk.net.tcpKeepaliveTime();
            case TCP_KEEPINTVL -> val = sk.keepaliveIntvl != 0 ? sk.keepaliveIntvl / Sysctl.HZ : sk.net.tcpKeepaliveIntvl();
            case TCP_KEEPCNT -> val = sk.keepaliveProbes != 0 ? sk.keepaliveProbes : sk.net.tcpKeepaliveProbes();
            case TCP_SYNCNT -> val = sk.synRetries != 0 ? sk.synRetries : sk.net.tcpSynRetries();
            case TCP_LINGER2 -> {
                val = sk.linger2;
                if (val >= 0) {
                    val = (val != 0 ? val : sk.net.tcpFinTimeoutSecs() * Sysctl.HZ) / Sysctl.HZ;
                }
            }
            case TCP_DEFER_ACCEPT -> val = retransToSecs(sk.deferAccept, 1, RTO_MAX_SECS);
            case TCP_WINDOW_CLAMP -> val = sk.windowClamp;
            case TCP_INFO -> {
                return SockOptions.Value.truncate(TcpInfo.get(sk), len);
            }
            case TCP_CONGESTION -> {
                return SockOptions.Value.truncate("cubic\0\0\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII),
                        Math.min(len, 16));
            }
            case TCP_QUICKACK -> val = sk.pingpong ? 0 : 1;
            case TCP_THIN_LINEAR_TIMEOUTS -> val = sk.thinLto ? 1 : 0;
            case TCP_THIN_DUPACK, TCP_REPAIR, TCP_IS_MPTCP -> val = 0;
            case TCP_USER_TIMEOUT -> val = sk.userTimeout;
            case TCP_FASTOPEN -> val = sk.fastopenMaxQlen;
            case TCP_FASTOPEN_CONNECT -> val = sk.fastopenConnect ? 1 : 0;
            case TCP_FASTOPEN_NO_COOKIE -> val = sk.fastopenNoCookie ? 1 : 0;
            case TCP_TX_DELAY -> val = sk.txDelay;
            case TCP_NOTSENT_LOWAT -> val = sk.notsentLowat;
            case TCP_INQ -> val = sk.recvmsgInq ? 1 : 0;
            case TCP_SAVE_SYN -> val = sk.saveSyn;
            default -> {
                return SockOptions.Value.error(Errno.ERRNO_ENOPROTOOPT);
            }
        }
        return SockOptions.Value.ofInt(val, Math.min(len, 4));
    }

    /** secs_to_retrans: TCP_DEFER_ACCEPT's seconds as SYN-ACK retransmissions. */
    static int secsToRetrans(int seconds, int timeout, int rtoMax) {
        int res = 0;
        if (seconds > 0) {
            int period = timeout;
            res = 1;
            while (seconds > period && res < 255) {
                res++;
                timeout <<= 1;
                if (timeout > rtoMax) {
                    timeout = rtoMax;
                }
                period += timeout;
            }
        }
        return res;
    }

    static int retransToSecs(int retrans, int timeout, int rtoMax) {
        int period = 0;
        if (retrans > 0) {
            period = timeout;
            while (--retrans > 0) {
                timeout <<= 1;
                if (timeout > rtoMax) {
                    timeout = rtoMax;
                }
                period += timeout;
            }
        }
        return period;
    }

    /** tcp_set_rcvlowat: capped by the buffer, and the buffer grown to hold it (space = 2 × window). */
    public static void setRcvlowat(TcpSock sk, int val) {
        if (val < 0) {
            val = Integer.MAX_VALUE;
        }
        int cap = (sk.userlocks & Sock.SOCK_RCVBUF_LOCK) != 0 ? sk.rcvbuf >> 1 : Sysctl.TCP_RMEM[2] >> 1;
        val = Math.min(val, cap);
        sk.rcvlowat = val == 0 ? 1 : val;
        // tcp_data_ready: a lower mark may make what is queued readable now
        if (TcpPoll.epollinReady(sk, sk.rcvlowat) || sk.done) {
            sk.wake();
        }
        if ((sk.userlocks & Sock.SOCK_RCVBUF_LOCK) == 0) {
            long space = 2L * val;
            if (space > sk.rcvbuf) {
                sk.rcvbuf = (int) Math.min(space, Integer.MAX_VALUE);
                sk.windowClamp = val;
            }
        }
    }
}
