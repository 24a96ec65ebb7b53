package vkernel.inet.core.tcp;

import vkernel.inet.core.SockCommon;

/**
 * struct request_sock (include/net/request_sock.h): a connection in SYN_RECV on its
 * listener's behalf, in the established hash until the handshake's last ACK makes it a
 * child sock (tcp_check_req) or it is dropped.
 */
final class RequestSock implements SockCommon {
    final TcpSock listener;
    final int localAddr;
    final int localPort;
    final int remoteAddr;
    final int remotePort;
    /** The SYN's MSS option and window. */
    final int peerMss;
    final int peerWindow;

    RequestSock(TcpSock listener, int localAddr, int localPort, int remoteAddr, int remotePort, int peerMss,
            int peerWindow) {
        this.listener = listener;
        this.localAddr = localAddr;
        this.localPort = localPort;
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
        this.peerMss = peerMss;
        this.peerWindow = peerWindow;
    }

    @Override
    public int skcRcvSaddr() {
        return localAddr;
    }

    @Override
    public int skcNum() {
        return localPort;
    }

    @Override
    public int skcDaddr() {
        return remoteAddr;
    }

    @Override
    public int skcDport() {
        return remotePort;
    }

    @Override
    public int skcState() {
        return TcpStates.TCP_NEW_SYN_RECV;
    }

    @Override
    public boolean skcReuse() {
        return listener.reuse;
    }

    @Override
    public boolean skcReuseport() {
        return listener.reuseport;
    }

    @Override
    public int skcUid() {
        return listener.uid;
    }

    @Override
    public int skcBoundDevIf() {
        return listener.boundDevIf;
    }
}
