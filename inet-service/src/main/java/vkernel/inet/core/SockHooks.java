package vkernel.inet.core;

import vkernel.net.core.Sock;
import vkernel.net.core.SockOptions;
import vkernel.net.core.Sysctl;
import vkernel.uapi.Socket;

/**
 * What a SOL_SOCKET option does to an inet sock beyond sk_setsockopt's common part:
 * TCP's rcvlowat hook (tcp_set_rcvlowat) and the wake-up a new buffer size gives writers.
 */
final class SockHooks {
    private SockHooks() {}

    static void afterSet(InetSock sk, int optname, byte[] optval) {
        switch (optname) {
            case Socket.SO_RCVLOWAT -> {
                if (sk instanceof TcpSock tsk) {
                    tcpSetRcvlowat(tsk, SockOptions.intValue(optval));
                }
            }
            case Socket.SO_SNDBUF, Socket.SO_SNDBUFFORCE, Socket.SO_RCVBUF, Socket.SO_RCVBUFFORCE -> sk.wake();
            default -> { }
        }
    }

    /** tcp_set_rcvlowat: capped by the buffer, and the buffer grown to hold it (space = 2 × window). */
    private static void tcpSetRcvlowat(TcpSock sk, int val) {
        if (val < 0) {
            val = Integer.MAX_VALUE;
        }
        int cap = (sk.userlocks & Sock.SOCK_RCVBUF_LOCK) != 0 ? sk.rcvbuf >> 1 : Sysctl.TCP_RMEM[2] >> 1;
        val = Math.min(val, cap);
        sk.rcvlowat = val == 0 ? 1 : val;
        if ((sk.userlocks & Sock.SOCK_RCVBUF_LOCK) == 0) {
            long space = 2L * val;
            if (space > sk.rcvbuf) {
                sk.rcvbuf = (int) Math.min(space, Integer.MAX_VALUE);
                sk.windowClamp = val;
            }
        }
    }
}
