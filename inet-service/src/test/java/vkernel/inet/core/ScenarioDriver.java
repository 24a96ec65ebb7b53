package vkernel.inet.core;

import io.grpc.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.inet.core.fib.NetlinkEmulation;
import vkernel.kernel.sched.Revents;
import vkernel.kernel.trace.Trace;
import vkernel.net.core.SockOptions;
import vkernel.uapi.Capability;
import vkernel.uapi.Constants;
import vkernel.uapi.Errnos;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Netlink;
import vkernel.uapi.SockaddrIn;
import vkernel.uapi.Socket;

/**
 * Runs a conformance scenario (../conformance/FORMAT.md) against the core directly,
 * standing in for the layers around it as thinly as it can: fds and file flags (vfs),
 * socket()'s argument checks (net/socket.c), and, for the route scenarios, a netlink
 * socket that passes messages to the rtnetlink handlers and acks them as
 * netlink_rcv_skb does. Prints what the oracle prints.
 */
public final class ScenarioDriver {
    /** How long a call may take before it counts as BLOCKED: the oracle's alarm, the runner's deadline. */
    static final long BLOCKED_MILLIS = 1000;
    private static final ScheduledExecutorService DEADLINES = timerThread();

    private static final Map<String, Long> EXTRA = new HashMap<>();

    static {
        String[][] extra = {{"SOL_UDP", "17"}, {"IPPROTO_UDPLITE", "136"}, {"IPPROTO_MPTCP", "262"},
            {"IPPROTO_SCTP", "132"}, {"TCP_FASTOPEN", "23"}, {"TCP_NOTSENT_LOWAT", "25"}, {"IP_FREEBIND", "15"},
            {"IP_RECVERR", "11"}, {"SO_BINDTOIFINDEX", "62"}, {"SO_TIMESTAMP", "29"}, {"MSG_CONFIRM", "2048"},
            {"MSG_ERRQUEUE", "8192"}, {"RTMGRP_IPV4_ROUTE", "64"}, {"POLLRDHUP", "8192"}};
        for (String[] e : extra) {
            EXTRA.put(e[0], Long.parseLong(e[1]));
        }
    }

    private final AfInet af;
    private final long netns;
    private final Map<String, Proc> procs = new HashMap<>();
    private int nextPid = 100;
    private int nextNlPortid = 1_000_000;

    /** A file: a socket (inet sock id, or a netlink socket), its status flags. */
    private static final class File {
        long sock;
        NlSock nl;
        int fFlags = 2; // O_RDWR
        int refs = 1;
    }

    private static final class Fd {
        final File file;
        boolean cloexec;

        Fd(File f, boolean cloexec) {
            this.file = f;
            this.cloexec = cloexec;
        }
    }

    private static final class NlSock {
        int portid;
        int groups;
        int seq;
        final java.util.ArrayDeque<List<byte[]>> queue = new java.util.ArrayDeque<>();
    }

    private final class Proc {
        final Cred cred;
        final TreeMap<Integer, Fd> fds = new TreeMap<>();

        Proc(Cred cred) {
            this.cred = cred;
        }
    }

    private final List<NlSock> nlSocks = new ArrayList<>();

    ScenarioDriver(AfInet af, long netns) {
        this.af = af;
        this.netns = netns;
    }

    /** Runs the scenario's lines; returns the output, or null when it uses something not emulated here. */
    String run(List<String> lines) throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String stmt = normalise(lines.get(i));
            if (stmt.isEmpty()) {
                continue;
            }
            List<String> tok = tokens(stmt);
            if (tok.get(0).equals("spawn")) {
                spawn(tok);
                continue;
            }
            String result = call(procs.get(tok.get(0)), tok.get(1), tok.subList(2, tok.size()));
            if (result == null) {
                return null;
            }
            out.append(i + 1).append(": ").append(stmt).append(" = ").append(result).append('\n');
        }
        return out.toString();
    }

    private void spawn(List<String> tok) {
        int uid = 0;
        String caps = null;
        for (String t : tok.subList(2, tok.size())) {
            if (t.startsWith("uid=")) {
                uid = Integer.parseInt(t.substring(4));
            } else if (t.startsWith("caps=")) {
                caps = t.substring(5);
            }
        }
        long capMask;
        if (caps == null) {
            capMask = uid == 0 ? Capability.CAP_FULL_SET : 0;
        } else if (caps.equals("all")) {
            capMask = Capability.CAP_FULL_SET;
        } else if (caps.equals("none")) {
            capMask = 0;
        } else {
            capMask = 0;
            for (String c : caps.split(",")) {
                capMask |= 1L << Constants.lookup(c).orElseThrow();
            }
        }
        Cred cred = Cred.newBuilder().setPid(nextPid++).setUid(uid).setGid(uid).setCapEffective(capMask).setNetns(netns)
                .build();
        Proc p = new Proc(cred);
        for (int fd = 0; fd < 3; fd++) {
            File f = new File();
            f.sock = -1;
            f.fFlags = fd == 0 ? 0 : 1;
            p.fds.put(fd, new Fd(f, false));
        }
        procs.put(tok.get(1), p);
    }

    static String normalise(String line) {
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        boolean space = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                sb.append(c);
                if (c == '\\' && i + 1 < line.length()) {
                    sb.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '#') {
                break;
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && sb.length() > 0) {
                sb.append(' ');
            }
            space = false;
            if (c == '"') {
                quoted = true;
            }
            sb.append(c);
        }
        return sb.toString().trim();
    }

    private static List<String> tokens(String stmt) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < stmt.length(); i++) {
            char c = stmt.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\') {
                    cur.append(stmt.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == ' ') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                if (c == '"') {
                    quoted = true;
                }
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    static long num(String tok) {
        long v = 0;
        for (String part : tok.split("\\|")) {
            OptionalLong c = Constants.lookup(part);
            if (c.isPresent()) {
                v |= c.getAsLong();
            } else if (EXTRA.containsKey(part)) {
                v |= EXTRA.get(part);
            } else {
                v |= Long.parseLong(part);
            }
        }
        return v;
    }

    static byte[] data(String tok) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 1; i < tok.length() - 1; i++) {
            char c = tok.charAt(i);
            if (c == '\\') {
                char e = tok.charAt(++i);
                switch (e) {
                    case 'n' -> b.write('\n');
                    case 't' -> b.write('\t');
                    case 'r' -> b.write('\r');
                    case '0' -> b.write(0);
                    case 'x' -> {
                        b.write(Integer.parseInt(tok.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> b.write(e);
                }
            } else {
                b.write(c);
            }
        }
        return b.toByteArray();
    }

    static byte[] addr(String tok) {
        int colon = tok.lastIndexOf(':');
        return new SockaddrIn(Integer.parseInt(tok.substring(colon + 1)),
                SockaddrIn.parseAddr(tok.substring(0, colon))).encode();
    }

    public static String fail(Errno e) {
        return "-1 " + Errnos.name(e);
    }

    static String addrText(byte[] a) {
        if (a.length == 0) {
            return "-";
        }
        SockaddrIn s = SockaddrIn.decode(a);
        int p = s.port();
        return SockaddrIn.formatAddr(s.addr()) + ":" + (p >= 32768 && p <= 60999 ? "*" : Integer.toString(p));
    }

    static String quote(byte[] data, long n, long len) {
        int shown = (int) Math.max(0, Math.min(n, len));
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < shown; i++) {
            int c = i < data.length ? data[i] & 0xff : 0;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        return sb.append('"').toString();
    }

    private static final int[] POLL_BITS = {0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x2000};
    private static final String[] POLL_NAMES = {"POLLIN", "POLLPRI", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDHUP"};

    static String pollText(int revents) {
        int rest = revents & 0xffff;
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

    /**
     * Runs a call with the runner's deadline and waits for its reply; a call whose
     * deadline passes is BLOCKED (its context is cancelled, as by a signal).
     */
    private <T> T await(Consumer<Consumer<T>> call) throws Exception {
        Context.CancellableContext ctx = Context.current().withDeadlineAfter(BLOCKED_MILLIS, TimeUnit.MILLISECONDS,
                DEADLINES);
        CompletableFuture<T> f = new CompletableFuture<>();
        // like a gRPC reply, an answer after the deadline never reaches the caller
        ctx.run(() -> call.accept(r -> {
            if (!ctx.isCancelled()) {
                f.complete(r);
            }
        }));
        try {
            return f.get(BLOCKED_MILLIS + 50, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            ctx.cancel(null);
            Thread.sleep(20);
            return null;
        } finally {
            ctx.cancel(null);
        }
    }

    private Fd fd(Proc p, String tok) {
        return p.fds.get((int) num(tok));
    }

    private int installFd(Proc p, File f, boolean cloexec, int min) {
        int fd = min;
        while (p.fds.containsKey(fd)) {
            fd++;
        }
        p.fds.put(fd, new Fd(f, cloexec));
        return fd;
    }

    private String call(Proc p, String name, List<String> a) throws Exception {
        Trace t = Trace.NONE;
        Cred cred = p.cred;
        switch (name) {
            case "socket" -> {
                return socket(p, (int) num(a.get(0)), (int) num(a.get(1)), (int) num(a.get(2)));
            }
            case "close" -> {
                Fd d = p.fds.remove((int) num(a.get(0)));
                if (d == null) {
                    return fail(Errno.ERRNO_EBADF);
                }
                if (--d.file.refs == 0 && d.file.sock > 0) {
                    af.release(d.file.sock, t);
                }
                if (d.file.refs == 0 && d.file.nl != null) {
                    nlSocks.remove(d.file.nl);
                }
                return "0";
            }
            case "dup", "dup2", "dup3", "fcntl", "read", "write" -> {
                return fileCall(p, name, a);
            }
            case "nlroute", "nldump", "nlrecv" -> {
                return NetlinkEmulation.call(this, p.cred, nlOf(p, a.get(0)), name, a);
            }
            case "setrlimit" -> {
                return null;
            }
            default -> { }
        }
        Fd d = fd(p, a.get(0));
        if (d == null) {
            return fail(Errno.ERRNO_EBADF);
        }
        if (d.file.nl != null) {
            if (name.equals("bind")) {
                String tok = a.get(1);
                String[] parts = tok.substring(3).split(":");
                d.file.nl.groups = Integer.parseInt(parts[1]);
                return "0";
            }
            return null;
        }
        if (d.file.sock < 0) {
            return fail(Errno.ERRNO_ENOTSOCK);
        }
        long sk = d.file.sock;
        boolean nonblock = (d.file.fFlags & Fcntl.O_NONBLOCK) != 0;
        switch (name) {
            case "bind" -> {
                Errno e = af.bind(cred, sk, addr(a.get(1)), t);
                return e == Errno.ERRNO_UNSPECIFIED ? "0" : fail(e);
            }
            case "listen" -> {
                Errno e = af.listen(cred, sk, (int) num(a.get(1)), t);
                return e == Errno.ERRNO_UNSPECIFIED ? "0" : fail(e);
            }
            case "connect" -> {
                Results.Connect r = await(c -> af.connect(cred, sk, addr(a.get(1)), nonblock, t, c));
                return r == null ? "BLOCKED" : r.errno() == Errno.ERRNO_UNSPECIFIED ? "0" : fail(r.errno());
            }
            case "accept", "accept4" -> {
                int flags = name.equals("accept4") ? (int) num(a.get(1)) : 0;
                if ((flags & ~(Socket.SOCK_NONBLOCK | Socket.SOCK_CLOEXEC)) != 0) {
                    return fail(Errno.ERRNO_EINVAL);
                }
                Results.Accept r = await(c -> af.accept(cred, sk, nonblock, 0, t, c));
                if (r == null) {
                    return "BLOCKED";
                }
                if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
                    return fail(r.errno());
                }
                File f = new File();
                f.sock = r.newSock();
                f.fFlags = fileFlags(flags);
                int fd = installFd(p, f, (flags & Socket.SOCK_CLOEXEC) != 0, 0);
                return fd + " " + addrText(r.addr());
            }
            case "getsockname", "getpeername" -> {
                Results.Getname r = af.getname(sk, name.equals("getpeername"), t);
                return r.errno() == Errno.ERRNO_UNSPECIFIED ? "0 " + addrText(r.addr()) : fail(r.errno());
            }
            case "send", "sendto" -> {
                byte[] to = name.equals("sendto") ? addr(a.get(3)) : new byte[0];
                Results.Send r = await(c -> af.sendmsg(cred, sk, data(a.get(1)), (int) num(a.get(2)), to, nonblock, t, c));
                return r == null ? "BLOCKED" : r.errno() == Errno.ERRNO_UNSPECIFIED ? Long.toString(r.ret()) : fail(r.errno());
            }
            case "recv", "recvfrom" -> {
                long len = num(a.get(1));
                Results.Recv r = await(c -> af.recvmsg(cred, sk, IovLen.of(len), (int) num(a.get(2)), nonblock, t, c));
                if (r == null) {
                    return "BLOCKED";
                }
                if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
                    return fail(r.errno());
                }
                String s = r.ret() + " " + quote(r.data(), r.ret(), len);
                return name.equals("recvfrom") ? s + " " + addrText(r.addr()) : s;
            }
            case "shutdown" -> {
                Results.Shutdown r = af.shutdown(cred, sk, (int) num(a.get(1)), t);
                return r.errno() == Errno.ERRNO_UNSPECIFIED ? "0" : fail(r.errno());
            }
            case "setsockopt" -> {
                int level = (int) num(a.get(1));
                int opt = (int) num(a.get(2));
                String v = a.get(3);
                byte[] val;
                if (v.contains(",")) {
                    String[] two = v.split(",");
                    if (level == 1 && (opt == 20 || opt == 21)) {
                        val = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.parseLong(two[0]))
                                .putLong(Long.parseLong(two[1])).array();
                    } else {
                        val = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.parseInt(two[0]))
                                .putInt(Integer.parseInt(two[1])).array();
                    }
                } else {
                    val = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) num(v)).array();
                }
                Errno e = af.setsockopt(cred, sk, level, opt, val, t);
                return e == Errno.ERRNO_UNSPECIFIED ? "0" : fail(e);
            }
            case "getsockopt" -> {
                int level = (int) num(a.get(1));
                int opt = (int) num(a.get(2));
                boolean timeval = level == 1 && (opt == 20 || opt == 21);
                boolean linger = level == 1 && opt == 13;
                int len = timeval ? 16 : linger ? 8 : 4;
                SockOptions.Value v = af.getsockopt(cred, sk, level, opt, len, t);
                if (v.errno() != Errno.ERRNO_UNSPECIFIED) {
                    return fail(v.errno());
                }
                ByteBuffer b = ByteBuffer.wrap(java.util.Arrays.copyOf(v.bytes(), len)).order(ByteOrder.LITTLE_ENDIAN);
                if (timeval) {
                    return "0 " + b.getLong(0) + "," + b.getLong(8);
                }
                if (linger) {
                    return "0 " + b.getInt(0) + "," + b.getInt(4);
                }
                return "0 " + b.getInt(0);
            }
            case "poll" -> {
                int events = (int) num(a.get(1));
                int timeout = (int) num(a.get(2));
                Revents rv = await(c -> af.poll(cred, sk, events, timeout, Revents.LEVEL, t, c));
                if (rv == null) {
                    return "BLOCKED";
                }
                int r = rv.mask();
                return (r != 0 ? 1 : 0) + " " + pollText(r);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * socket(): __sys_socket's and __sock_create's argument checks, in their order, then the
     * family's create. A copy of socket-service's vkernel.socket.core.SocketArgs#check
     * (this module may not depend on socket-service); only the constants are shared, from uapi.
     * Returns null where the scenario needs a family this driver does not emulate.
     */
    private String socket(Proc p, int family, int type, int protocol) {
        int flags = type & ~Socket.SOCK_TYPE_MASK;
        if ((flags & ~(Socket.SOCK_CLOEXEC | Socket.SOCK_NONBLOCK)) != 0) {
            return fail(Errno.ERRNO_EINVAL);
        }
        type &= Socket.SOCK_TYPE_MASK;
        if (family < 0 || family >= Socket.AF_MAX) {
            return fail(Errno.ERRNO_EAFNOSUPPORT);
        }
        if (type >= Socket.SOCK_MAX) {
            return fail(Errno.ERRNO_EINVAL);
        }
        boolean cloexec = (flags & Socket.SOCK_CLOEXEC) != 0;
        File f = new File();
        f.fFlags = fileFlags(flags);
        if (family == Socket.AF_NETLINK) {
            if (type != Socket.SOCK_RAW && type != Socket.SOCK_DGRAM || protocol != Netlink.NETLINK_ROUTE) {
                return null;
            }
            NlSock nl = new NlSock();
            nl.portid = p.cred.getPid();
            f.nl = nl;
            f.sock = -2;
            nlSocks.add(nl);
            return Integer.toString(installFd(p, f, cloexec, 0));
        }
        if (family != Socket.AF_INET || type == Socket.SOCK_PACKET) {
            return family == Socket.AF_INET ? null : fail(Errno.ERRNO_EAFNOSUPPORT);
        }
        Results.Create r = af.create(p.cred, type, protocol, false, 0, Trace.NONE);
        if (r.errno() != Errno.ERRNO_UNSPECIFIED) {
            return fail(r.errno());
        }
        f.sock = r.sock();
        return Integer.toString(installFd(p, f, cloexec, 0));
    }

    /** A socket file's f_flags (SocketArgs#fileFlags): O_RDWR, plus O_NONBLOCK from SOCK_NONBLOCK. */
    private static int fileFlags(int typeFlags) {
        return Fcntl.O_RDWR | ((typeFlags & Socket.SOCK_NONBLOCK) != 0 ? Fcntl.O_NONBLOCK : 0);
    }

    private String fileCall(Proc p, String name, List<String> a) throws Exception {
        int fd = (int) num(a.get(0));
        Fd d = p.fds.get(fd);
        switch (name) {
            case "read", "write" -> {
                if (d == null) {
                    return fail(Errno.ERRNO_EBADF);
                }
                if (d.file.sock == -1) {
                    int mode = d.file.fFlags & 3;
                    if (name.equals("read")) {
                        return mode == 1 ? fail(Errno.ERRNO_EBADF) : "0 \"\"";
                    }
                    return mode == 0 ? fail(Errno.ERRNO_EBADF) : Integer.toString(data(a.get(1)).length);
                }
                boolean nonblock = (d.file.fFlags & Fcntl.O_NONBLOCK) != 0;
                long sk = d.file.sock;
                int flags = nonblock ? Socket.MSG_DONTWAIT : 0;
                if (name.equals("read")) {
                    long len = num(a.get(1));
                    if (len == 0) {
                        return "0 \"\""; // sock_read_iter: a zero-length read is 0 without asking the family
                    }
                    Results.Recv r = await(c -> af.recvmsg(p.cred, sk, IovLen.of(len), flags, nonblock, Trace.NONE, c));
                    if (r == null) {
                        return "BLOCKED";
                    }
                    return r.errno() == Errno.ERRNO_UNSPECIFIED ? r.ret() + " " + quote(r.data(), r.ret(), len) : fail(r.errno());
                }
                Results.Send r = await(c -> af.sendmsg(p.cred, sk, data(a.get(1)), flags, new byte[0], nonblock, Trace.NONE, c));
                return r == null ? "BLOCKED" : r.errno() == Errno.ERRNO_UNSPECIFIED ? Long.toString(r.ret()) : fail(r.errno());
            }
            case "dup" -> {
                if (d == null) {
                    return fail(Errno.ERRNO_EBADF);
                }
                d.file.refs++;
                return Integer.toString(installFd(p, d.file, false, 0));
            }
            case "dup2", "dup3" -> {
                int nfd = (int) num(a.get(1));
                int flags = name.equals("dup3") ? (int) num(a.get(2)) : 0;
                if (name.equals("dup3") && ((flags & ~Fcntl.O_CLOEXEC) != 0 || fd == nfd)) {
                    return fail(Errno.ERRNO_EINVAL);
                }
                if (d == null) {
                    return fail(Errno.ERRNO_EBADF);
                }
                if (fd == nfd) {
                    return Integer.toString(nfd);
                }
                Fd old = p.fds.remove(nfd);
                if (old != null && --old.file.refs == 0 && old.file.sock > 0) {
                    af.release(old.file.sock, Trace.NONE);
                }
                d.file.refs++;
                p.fds.put(nfd, new Fd(d.file, (flags & Fcntl.O_CLOEXEC) != 0));
                return Integer.toString(nfd);
            }
            default -> {
                if (d == null) {
                    return fail(Errno.ERRNO_EBADF);
                }
                int cmd = (int) num(a.get(1));
                long arg = a.size() > 2 ? num(a.get(2)) : 0;
                switch (cmd) {
                    case Fcntl.F_GETFD -> {
                        return d.cloexec ? "1" : "0";
                    }
                    case Fcntl.F_SETFD -> {
                        d.cloexec = (arg & Fcntl.FD_CLOEXEC) != 0;
                        return "0";
                    }
                    case Fcntl.F_GETFL -> {
                        return Integer.toString(d.file.fFlags);
                    }
                    case Fcntl.F_SETFL -> {
                        int mask = Fcntl.SETFL_MASK | Fcntl.FASYNC; // sock_fasync keeps FASYNC
                        d.file.fFlags = (d.file.fFlags & ~mask) | ((int) arg & mask);
                        return "0";
                    }
                    case Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC -> {
                        d.file.refs++;
                        return Integer.toString(installFd(p, d.file, cmd == Fcntl.F_DUPFD_CLOEXEC, (int) arg));
                    }
                    default -> {
                        return fail(Errno.ERRNO_EINVAL);
                    }
                }
            }
        }
    }

    private NlSock nlOf(Proc p, String fdTok) {
        Fd d = fd(p, fdTok);
        return d == null ? null : d.file.nl;
    }

    public AfInet af() {
        return af;
    }

    /** Queues a datagram of messages on every netlink socket subscribed to the group. */
    public void multicast(int group, byte[] msg) {
        for (NlSock s : nlSocks) {
            if ((s.groups & (1 << (group - 1))) != 0) {
                s.queue.add(List.of(msg));
            }
        }
    }

    public static int nlSeq(Object nl) {
        return ++((NlSock) nl).seq;
    }

    public static int nlPortid(Object nl) {
        return ((NlSock) nl).portid;
    }

    public static void nlQueue(Object nl, List<byte[]> msgs) {
        ((NlSock) nl).queue.add(msgs);
    }

    public static List<byte[]> nlDequeue(Object nl) {
        return ((NlSock) nl).queue.poll();
    }

    static ScheduledExecutorService timerThread() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "test-timers");
            th.setDaemon(true);
            return th;
        });
    }
}
