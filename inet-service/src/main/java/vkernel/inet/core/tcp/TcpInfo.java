package vkernel.inet.core.tcp;

import static vkernel.inet.core.tcp.TcpStates.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * tcp_get_info (net/ipv4/tcp.c): struct tcp_info as Linux 6.18 lays it out, 280 bytes.
 * The state, the options, MSS, windows, queue and byte counters are this sock's; the
 * timing fields are what an idle loopback connection shows.
 */
final class TcpInfo {
    static final int SIZE = 280;
    private static final int TCPI_OPT_TIMESTAMPS = 1;
    private static final int TCPI_OPT_SACK = 2;
    private static final int TCPI_OPT_WSCALE = 4;

    private TcpInfo() {}

    static byte[] get(TcpSock sk) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long now = System.currentTimeMillis();
        boolean connected = !in(sk.state, f(TCP_LISTEN) | f(TCP_CLOSE) | f(TCP_SYN_SENT));
        b.put(0, (byte) sk.state);
        b.put(2, (byte) sk.retransmits);
        if (connected) {
            b.put(5, (byte) (TCPI_OPT_TIMESTAMPS | TCPI_OPT_SACK | TCPI_OPT_WSCALE));
            b.put(6, (byte) (7 | 7 << 4));
        }
        b.put(7, (byte) 1); // delivery_rate_app_limited
        b.putInt(8, connected ? 203_000 : 1_000_000); // rto, µs
        b.putInt(12, connected ? 40_000 : 0); // ato
        b.putInt(16, sk.mssCache);
        b.putInt(20, connected ? TcpSock.TCP_MSS_DEFAULT : 0); // rcv_mss
        b.putInt(24, sk.writeQueue.size() > 0 ? 1 : 0); // unacked
        b.putInt(44, (int) (now - sk.lastDataSentMillis));
        b.putInt(52, (int) (now - sk.lastDataRecvMillis));
        b.putInt(56, (int) (now - sk.lastDataRecvMillis));
        b.putInt(60, connected ? 65535 : 0); // pmtu
        b.putInt(64, connected ? sk.net.lo().mtu() - 52 : 0); // rcv_ssthresh
        b.putInt(68, connected ? 50 : 0); // rtt, µs
        b.putInt(72, connected ? 25 : 250_000); // rttvar
        b.putInt(76, Integer.MAX_VALUE); // snd_ssthresh: TCP_INFINITE_SSTHRESH
        b.putInt(80, 10); // snd_cwnd: TCP_INIT_CWND
        b.putInt(84, connected ? sk.net.lo().mtu() - 52 : 0); // advmss
        b.putInt(88, 3); // reordering
        b.putInt(96, connected ? sk.net.lo().mtu() - 52 : 0); // rcv_space
        b.putLong(104, -1L); // pacing_rate
        b.putLong(112, -1L); // max_pacing_rate
        b.putLong(120, sk.bytesAcked);
        b.putLong(128, sk.bytesReceived);
        b.putInt(136, sk.segsOut);
        b.putInt(140, sk.segsIn);
        b.putInt(144, sk.writeQueue.size()); // notsent_bytes
        b.putInt(148, connected ? 10 : -1); // min_rtt
        b.putInt(152, sk.dataSegsIn);
        b.putInt(156, sk.dataSegsOut);
        b.putInt(192, sk.dataSegsOut + (connected ? 1 : 0)); // delivered
        b.putLong(200, sk.bytesSent);
        b.putInt(228, connected ? sk.sndWnd : 0);
        b.putInt(232, connected ? sk.receiveWindow() : 0);
        return b.array();
    }
}
