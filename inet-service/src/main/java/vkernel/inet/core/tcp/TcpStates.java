package vkernel.inet.core.tcp;

/** include/net/tcp_states.h: sk_state values, shared by every inet sock (UDP uses CLOSE and ESTABLISHED). */
public final class TcpStates {
    private TcpStates() {}

    public static final int TCP_ESTABLISHED = 1;
    public static final int TCP_SYN_SENT = 2;
    public static final int TCP_SYN_RECV = 3;
    public static final int TCP_FIN_WAIT1 = 4;
    public static final int TCP_FIN_WAIT2 = 5;
    public static final int TCP_TIME_WAIT = 6;
    public static final int TCP_CLOSE = 7;
    public static final int TCP_CLOSE_WAIT = 8;
    public static final int TCP_LAST_ACK = 9;
    public static final int TCP_LISTEN = 10;
    public static final int TCP_CLOSING = 11;
    public static final int TCP_NEW_SYN_RECV = 12;

    private static final String[] NAMES = {"0", "TCP_ESTABLISHED", "TCP_SYN_SENT", "TCP_SYN_RECV",
        "TCP_FIN_WAIT1", "TCP_FIN_WAIT2", "TCP_TIME_WAIT", "TCP_CLOSE", "TCP_CLOSE_WAIT", "TCP_LAST_ACK",
        "TCP_LISTEN", "TCP_CLOSING", "TCP_NEW_SYN_RECV"};

    /** The TCPF_* bit of a state: (1 << state). */
    public static int f(int state) {
        return 1 << state;
    }

    public static boolean in(int state, int mask) {
        return (f(state) & mask) != 0;
    }

    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : Integer.toString(state);
    }

    /** tcp_need_reset: the states where an abort must tell the peer. */
    public static boolean needReset(int state) {
        return in(state, f(TCP_ESTABLISHED) | f(TCP_CLOSE_WAIT) | f(TCP_FIN_WAIT1) | f(TCP_FIN_WAIT2)
                | f(TCP_SYN_RECV));
    }
}
