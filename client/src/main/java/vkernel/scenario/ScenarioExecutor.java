package vkernel.scenario;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vkernel.sdk.Accepted;
import vkernel.sdk.CallInterruptedException;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Linger;
import vkernel.sdk.EpollEvent;
import vkernel.sdk.PollResult;
import vkernel.sdk.SockAddr;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.Timeval;
import vkernel.sdk.VKernel;
import vkernel.uapi.Capability;

/**
 * Runs parsed statements against a live kernel through the SDK and prints one
 * {@code LINE: STATEMENT = RESULT} per call. The first spawn unshares a network
 * namespace; later spawns join it. close() makes every spawned task exit.
 */
final class ScenarioExecutor implements AutoCloseable {
    /** FORMAT.md: each call gets one second, then it is interrupted and prints BLOCKED. */
    static final Duration BLOCKING_LIMIT = Duration.ofSeconds(1);
    /** Calls that cannot block still get a deadline, so a wedged kernel cannot hang a run. */
    static final Duration OTHER_LIMIT = Duration.ofSeconds(30);
    /** After a cancelled call, time for the kernel to finish interrupting it. */
    static final long SETTLE_MS = 50;

    /** A scenario process: its task and pid. */
    private record Proc(Task task, int pid) {}

    private final VKernel kernel;
    private final PrintStream out;
    private final Map<String, Proc> procs = new LinkedHashMap<>();
    private final List<Integer> pids = new ArrayList<>();
    private final NetlinkCalls netlink = new NetlinkCalls();
    private Long netns;

    ScenarioExecutor(VKernel kernel, PrintStream out) {
        this.kernel = kernel;
        this.out = out;
    }

    /**
     * Runs one statement. A spawn prints nothing; a call prints its line. Spawn
     * failures and transport failures (KernelTransportException) propagate: the run
     * cannot go on.
     */
    void run(Statement s) {
        if (s instanceof Statement.Spawn sp) {
            spawn(sp);
            return;
        }
        Statement.Call c = (Statement.Call) s;
        Proc p = procs.get(c.proc());
        Task t = p.task().withDeadline(c.spec().blocking ? BLOCKING_LIMIT : OTHER_LIMIT);
        String result;
        boolean blocked = false;
        try {
            result = call(c, p, t);
        } catch (CallInterruptedException e) {
            result = "BLOCKED";
            blocked = true;
        } catch (ErrnoException e) {
            result = ResultFormat.failure(e);
        }
        byte[] line = (c.line() + ": " + c.text() + " = " + result + "\n").getBytes(StandardCharsets.ISO_8859_1);
        out.write(line, 0, line.length);
        out.flush();
        if (blocked) {
            settle();
        }
    }

    private void spawn(Statement.Spawn s) {
        SpawnOptions o = SpawnOptions.named(s.name()).uid((int) s.uid()).gid((int) s.uid())
                .capabilities(s.caps().orElse(Capability.CAP_FULL_SET));
        o = netns == null ? o.newNetnsWithLoopback() : o.joinNetns(netns);
        Task t = kernel.spawn(o);
        if (netns == null) {
            netns = t.netns();
        }
        procs.put(s.name(), new Proc(t, t.pid()));
        pids.add(t.pid());
    }

    private String call(Statement.Call c, Proc p, Task t) {
        ResultFormat fmt = new ResultFormat(p.pid(), pids);
        int fd = c.fd();
        switch (c.spec()) {
            case SOCKET:
                return Integer.toString(t.socket(fd, (int) c.num(1), (int) c.num(2)));
            case BIND:
                t.bind(fd, addr(c, 1));
                return "0";
            case LISTEN:
                t.listen(fd, (int) c.num(1));
                return "0";
            case CONNECT:
                t.connect(fd, addr(c, 1));
                return "0";
            case ACCEPT:
                return accepted(fmt, t.accept(fd));
            case ACCEPT4:
                return accepted(fmt, t.accept4(fd, (int) c.num(1)));
            case GETSOCKNAME:
                return "0 " + fmt.addr(t.getsockname(fd));
            case GETPEERNAME:
                return "0 " + fmt.addr(t.getpeername(fd));
            case SEND:
                return Long.toString(t.send(fd, data(c, 1), (int) c.num(2)));
            case SENDTO:
                return Long.toString(t.sendto(fd, data(c, 1), (int) c.num(2), addr(c, 3)));
            case RECV:
                return ResultFormat.received(t.recv(fd, (int) c.num(1), (int) c.num(2)), (int) c.num(1));
            case RECVFROM: {
                var r = t.recvfrom(fd, (int) c.num(1), (int) c.num(2));
                return ResultFormat.received(r, (int) c.num(1)) + " " + fmt.addr(r.from());
            }
            case READ:
                return ResultFormat.received(t.read(fd, (int) c.num(1)), (int) c.num(1));
            case WRITE:
                return Long.toString(t.write(fd, data(c, 1)));
            case SHUTDOWN:
                t.shutdown(fd, (int) c.num(1));
                return "0";
            case SETSOCKOPT:
                setsockopt(t, c);
                return "0";
            case GETSOCKOPT:
                return getsockopt(t, c);
            case CLOSE:
                t.close(fd);
                return "0";
            case DUP:
                return Integer.toString(t.dup(fd));
            case DUP2:
                return Integer.toString(t.dup2(fd, (int) c.num(1)));
            case DUP3:
                return Integer.toString(t.dup3(fd, (int) c.num(1), (int) c.num(2)));
            case FCNTL:
                return Long.toString(t.fcntl(fd, (int) c.num(1), c.args().size() > 2 ? c.num(2) : 0));
            case SETRLIMIT:
                t.setrlimit(fd, c.num(1), c.num(1)); // the hard limit is set to the same value
                return "0";
            case POLL: {
                PollResult r = t.poll(fd, (int) c.num(1) & 0xffff, (int) c.num(2)); // events is a short
                return r.ready() + " " + ResultFormat.pollEvents(r.revents(0));
            }
            case EPOLL_CREATE1:
                return Integer.toString(t.epollCreate1(fd)); // the one argument is the flags
            case EPOLL_CTL:
                t.epollCtl(fd, (int) c.num(1), (int) c.num(2), new EpollEvent((int) c.num(3), c.num(4)));
                return "0";
            case EPOLL_WAIT:
                return ResultFormat.epollEvents(t.epollWait(fd, (int) c.num(1), (int) c.num(2)));
            case NLROUTE:
                return netlink.nlroute(c.proc(), t, fd, c.route());
            case NLDUMP:
                return netlink.nldump(c.proc(), t, fd);
            case NLRECV:
                return netlink.nlrecv(t, fd);
            default:
                throw new IllegalStateException("no runner for " + c.spec());
        }
    }

    private static String accepted(ResultFormat fmt, Accepted a) {
        return a.fd() + " " + fmt.addr(a.peer());
    }

    private static void setsockopt(Task t, Statement.Call c) {
        int fd = c.fd();
        int level = (int) c.num(1);
        int optname = (int) c.num(2);
        Arg v = c.args().get(3);
        if (v instanceof Arg.LingerValue l) {
            t.setsockopt(fd, level, optname, l.linger());
        } else if (v instanceof Arg.TimevalValue tv) {
            t.setsockopt(fd, level, optname, tv.timeval());
        } else {
            t.setsockopt(fd, level, optname, (int) ((Arg.Int) v).value());
        }
    }

    /** "0 VALUE": SO_LINGER as ON,SECONDS, SO_RCVTIMEO/SO_SNDTIMEO as SEC,USEC, else an int. */
    private static String getsockopt(Task t, Statement.Call c) {
        int fd = c.fd();
        if (ArgParser.isLingerOpt(c.num(1), c.num(2))) {
            Linger l = t.getsockoptLinger(fd, (int) c.num(1), (int) c.num(2));
            return "0 " + l.onoff() + "," + l.seconds();
        }
        if (ArgParser.isTimevalOpt(c.num(1), c.num(2))) {
            Timeval tv = t.getsockoptTimeval(fd, (int) c.num(1), (int) c.num(2));
            return "0 " + tv.sec() + "," + tv.usec();
        }
        return "0 " + t.getsockoptInt(fd, (int) c.num(1), (int) c.num(2));
    }

    private static SockAddr addr(Statement.Call c, int i) {
        return ((Arg.Addr) c.args().get(i)).addr();
    }

    private static byte[] data(Statement.Call c, int i) {
        return ((Arg.Data) c.args().get(i)).bytes();
    }

    private static void settle() {
        try {
            Thread.sleep(SETTLE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every spawned task exits; the first failure is rethrown once all were tried. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Proc p : procs.values()) {
            try {
                p.task().withDeadline(OTHER_LIMIT).exit(0);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        procs.clear();
        if (first != null) {
            throw first;
        }
    }
}
