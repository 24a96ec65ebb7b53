package vkernel.scenario;

import java.util.Collection;
import java.util.Optional;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Received;
import vkernel.sdk.SockAddr;
import vkernel.uapi.Poll;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.SockaddrNl;

/**
 * The text of a RESULT (FORMAT.md, "Calls and what they print" and "Normalisation"),
 * as the oracle prints it. A formatter knows the calling process's pid and every pid
 * of the scenario, for the netlink portid normalisation.
 */
final class ResultFormat {
    static final int EPHEMERAL_LOW = 32768;
    static final int EPHEMERAL_HIGH = 60999;

    private static final int[] POLL_BITS = {
        Poll.POLLIN, Poll.POLLPRI, Poll.POLLOUT, Poll.POLLERR, Poll.POLLHUP, Poll.POLLNVAL, Poll.POLLRDHUP};
    private static final String[] POLL_NAMES = {
        "POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDHUP"};

    private final int selfPid;
    private final Collection<Integer> pids;

    ResultFormat(int selfPid, Collection<Integer> pids) {
        this.selfPid = selfPid;
        this.pids = pids;
    }

    /** "-1 EBADF" ("-1 E%d" for a number without a name). */
    static String failure(ErrnoException e) {
        return "-1 " + e.errnoName();
    }

    /**
     * Quoted data: printable ASCII as is, '"' and '\' escaped with a backslash, any
     * other byte as \xHH in lower case.
     */
    static String quote(byte[] buf, int n) {
        StringBuilder sb = new StringBuilder(n + 2).append('"');
        for (int i = 0; i < n; i++) {
            int c = buf[i] & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c <= 0x7e) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return sb.append('"').toString();
    }

    /** recv, recvfrom, read: "N DATA", DATA the first min(N, LEN) bytes of a zeroed LEN-byte buffer. */
    static String received(Received r, int len) {
        int shown = (int) Math.max(0, Math.min(r.n(), len));
        return r.n() + " " + quote(r.buffer(len), shown);
    }

    /** epoll_wait's answer: N, then each event as EVENTS:DATA, EVENTS named as poll's REVENTS are. */
    static String epollEvents(java.util.List<vkernel.sdk.EpollEvent> events) {
        StringBuilder sb = new StringBuilder(Integer.toString(events.size()));
        for (vkernel.sdk.EpollEvent e : events) {
            sb.append(' ').append(pollEvents(e.events()).replace("POLL", "EPOLL")).append(':').append(e.data());
        }
        return sb.toString();
    }

    /** poll's REVENTS: names in kernel bit order joined by '|', leftover bits as one decimal, "0" for none. */
    static String pollEvents(int revents) {
        int rest = revents & 0xffff; // revents is a short
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < POLL_BITS.length; i++) {
            if ((rest & POLL_BITS[i]) != 0) {
                sb.append(sb.length() == 0 ? "" : "|").append(POLL_NAMES[i]);
                rest &= ~POLL_BITS[i];
            }
        }
        if (rest != 0 || sb.length() == 0) {
            sb.append(sb.length() == 0 ? "" : "|").append(rest);
        }
        return sb.toString();
    }

    /** An ephemeral port (32768-60999) prints as '*'. */
    static String port(int port) {
        return port >= EPHEMERAL_LOW && port <= EPHEMERAL_HIGH ? "*" : Integer.toString(port);
    }

    /** The caller's own pid prints PID; another process's pid, or a negative portid, '*'. */
    String portid(int portid) {
        if (portid == selfPid) {
            return "PID";
        }
        if (portid < 0 || pids.contains(portid)) {
            return "*";
        }
        return Integer.toUnsignedString(portid);
    }

    /** An address in token format, normalised; '-' when the kernel filled none. */
    String addr(SockAddr a) {
        if (a.isEmpty()) {
            return "-";
        }
        Optional<SockaddrIn> in = a.asInet();
        if (in.isPresent()) {
            return SockAddr.formatIpv4(in.get().addr()) + ":" + port(in.get().port());
        }
        Optional<SockaddrNl> nl = a.asNetlink();
        if (nl.isPresent()) {
            return "nl:" + portid(nl.get().portid()) + ":" + Integer.toUnsignedString(nl.get().groups());
        }
        return SockAddr.familyName(a.family());
    }
}
