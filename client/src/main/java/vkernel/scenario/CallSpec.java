package vkernel.scenario;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The calls a scenario can make, as data: each call's name, its argument kinds, and
 * whether it can block (and so runs under the one-second limit of FORMAT.md).
 * Argument kinds: i integer/constants, n a length (LEN), a address, d data, v sockopt
 * value; what follows '[' is optional; null means the call parses its own (nlroute).
 */
enum CallSpec {
    SOCKET("socket", "iii", false),
    BIND("bind", "ia", false),
    LISTEN("listen", "ii", false),
    CONNECT("connect", "ia", true),
    ACCEPT("accept", "i", true),
    ACCEPT4("accept4", "ii", true),
    GETSOCKNAME("getsockname", "i", false),
    GETPEERNAME("getpeername", "i", false),
    SEND("send", "idi", true),
    SENDTO("sendto", "idia", true),
    RECV("recv", "ini", true),
    RECVFROM("recvfrom", "ini", true),
    READ("read", "in", true),
    WRITE("write", "id", true),
    SHUTDOWN("shutdown", "ii", false),
    SETSOCKOPT("setsockopt", "iiiv", false),
    GETSOCKOPT("getsockopt", "iii", false),
    CLOSE("close", "i", false),
    DUP("dup", "i", false),
    DUP2("dup2", "ii", false),
    DUP3("dup3", "iii", false),
    FCNTL("fcntl", "ii[i", false),
    SETRLIMIT("setrlimit", "ii", false),
    POLL("poll", "iii", true),
    EPOLL_CREATE1("epoll_create1", "i", false),
    EPOLL_CTL("epoll_ctl", "iiiii", false),
    EPOLL_WAIT("epoll_wait", "iii", true),
    NLROUTE("nlroute", null, false),
    NLDUMP("nldump", "i", true),
    NLRECV("nlrecv", "i", true);

    private static final Map<String, CallSpec> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(c -> c.callName, Function.identity()));

    final String callName;
    final String signature;
    final boolean blocking;

    CallSpec(String callName, String signature, boolean blocking) {
        this.callName = callName;
        this.signature = signature;
        this.blocking = blocking;
    }

    static CallSpec byName(String name) {
        return BY_NAME.get(name);
    }
}
