package vkernel.inet.core;

import vkernel.inet.core.tcp.TcpSock;
import vkernel.inet.core.tcp.TcpSockopt;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Socket;

/**
 * What a SOL_SOCKET option does to an inet sock beyond sk_setsockopt's common part:
 * TCP's rcvlowat hook (tcp_set_rcvlowat, in {@link TcpSockopt}) and the wake-up a new buffer size gives writers.
 */
final class SockHooks {
    private SockHooks() {}

    static void afterSet(InetSock sk, int optname, byte[] optval) {
        switch (optname) {
            case Socket.SO_RCVLOWAT -> {
                if (sk instanceof TcpSock tsk) {
                    TcpSockopt.setRcvlowat(tsk, SockOptions.intValue(optval));
                }
            }
            case Socket.SO_SNDBUF, Socket.SO_SNDBUFFORCE, Socket.SO_RCVBUF, Socket.SO_RCVBUFFORCE -> sk.wake();
            default -> { }
        }
    }
}
