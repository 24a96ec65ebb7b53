package vkernel.fuzz;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import vkernel.sdk.CallInterruptedException;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.KernelTransportException;
import vkernel.sdk.PollFd;
import vkernel.sdk.Task;
import vkernel.uapi.Fcntl;
import vkernel.uapi.Resource;

/**
 * One fuzzing task: a kernel task, its Random, the fds it holds or held, and the calls of
 * the fs and kernel families (close, dup*, fcntl, read, write, fstat, poll, rlimits).
 * Socket and netlink calls are in {@link SocketCalls} and {@link NetlinkCalls}. Every fd
 * it makes is non-blocking (fcntl(F_SETFL) keeps O_NONBLOCK), poll's timeout is 0, so
 * no call has a reason to sleep; the call deadline catches one that does.
 */
final class FuzzTask {
    /** What an fd was made as, so later calls can go deeper into its protocol. */
    enum Kind { TCP, UDP, RAW, PING, NETLINK, OTHER }

    /** The most errno numbers Linux defines (EHWPOISON is 133). */
    private static final int MAX_ERRNO = 133;

    final Task task;
    final Args a;
    final boolean privileged;
    final FuzzReport report;
    final List<Integer> open = new ArrayList<>();
    final List<Integer> stale = new ArrayList<>();
    final Map<Integer, Kind> kinds = new HashMap<>();
    /** RLIMIT_NOFILE's hard limit as last set (a spawned task's is INR_OPEN_CUR). */
    private long nofileHard = Resource.INR_OPEN_CUR;
    private final SocketCalls sockets;
    private final NetlinkCalls netlink;

    FuzzTask(Task task, long seed, boolean privileged, FuzzReport report) {
        this.task = task;
        this.a = new Args(new Random(seed));
        this.privileged = privileged;
        this.report = report;
        this.sockets = new SocketCalls(this);
        this.netlink = new NetlinkCalls(this);
    }

    /** Makes {@code n} calls, then exits (every fd released). */
    void run(long n) {
        for (long i = 0; i < n; i++) {
            step();
        }
        call("exit", "status=0", () -> {
            task.exit(0);
            return null;
        });
    }

    private void step() {
        if (open.size() > 40) {
            close(a.pick(open));
            return;
        }
        int k = a.r.nextInt(100);
        if (k < 14) {
            sockets.create();
        } else if (k < 52) {
            sockets.op();
        } else if (k < 64) {
            netlink.op();
        } else if (k < 89) {
            fileOp();
        } else if (k < 95) {
            poll();
        } else {
            rlimit();
        }
    }

    /** Every fd it knows, open or closed. */
    List<Integer> known() {
        List<Integer> all = new ArrayList<>(open);
        all.addAll(stale);
        return all;
    }

    /** An open fd of this kind (or any known fd, or a boundary), mostly. */
    int fdOf(Kind kind) {
        List<Integer> of = new ArrayList<>();
        for (int fd : open) {
            if (kinds.get(fd) == kind) {
                of.add(fd);
            }
        }
        return !of.isEmpty() && a.chance(75) ? a.pick(of) : a.fd(known());
    }

    void opened(int fd, Kind kind) {
        stale.remove((Integer) fd);
        if (!open.contains(fd)) {
            open.add(fd);
        }
        kinds.put(fd, kind);
    }

    private void closed(int fd) {
        open.remove((Integer) fd);
        kinds.remove(fd);
        if (!stale.contains(fd) && stale.size() < 16) {
            stale.add(fd);
        }
    }

    /**
     * One call: its answer is counted as "ok" or its errno's name; anything else (a gRPC
     * status, no answer within the deadline, another exception, a number no Linux errno
     * has) is a finding. The value, or null when the call did not succeed.
     */
    <T> T call(String name, String args, Supplier<T> body) {
        long start = System.nanoTime();
        try {
            return answer(name, args, body);
        } finally {
            report.took(name, System.nanoTime() - start);
        }
    }

    private <T> T answer(String name, String args, Supplier<T> body) {
        try {
            T v = body.get();
            report.answered(name, "ok");
            return v;
        } catch (CallInterruptedException e) {
            report.finding(name, "no answer within the call deadline (the call slept)", args);
        } catch (ErrnoException e) {
            if (e.number() <= 0 || e.number() > MAX_ERRNO) {
                report.finding(name, "errno " + e.number() + " is no Linux errno", args);
            } else {
                report.answered(name, e.errnoName());
            }
        } catch (KernelTransportException e) {
            report.finding(name, "gRPC status " + shorten(e.getMessage()), args);
        } catch (RuntimeException e) {
            report.finding(name, e.getClass().getName() + ": " + shorten(e.getMessage()), args);
        }
        return null;
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    // ---- fs/ ---------------------------------------------------------------------

    void close(int fd) {
        if (call("close", "fd=" + fd, () -> {
            task.close(fd);
            return true;
        }) != null) {
            closed(fd);
        }
    }

    private void fileOp() {
        int fd = a.fd(known());
        switch (a.r.nextInt(9)) {
            case 0, 1 -> close(fd);
            case 2 -> dupped(fd, call("dup", "oldfd=" + fd, () -> task.dup(fd)));
            case 3 -> {
                int newfd = a.fd(known());
                dupped(fd, call("dup2", "oldfd=" + fd + " newfd=" + newfd, () -> task.dup2(fd, newfd)));
            }
            case 4 -> {
                int newfd = a.fd(known());
                int flags = a.pick(0, Fcntl.O_CLOEXEC, Fcntl.O_NONBLOCK, -1, a.r.nextInt());
                dupped(fd, call("dup3", "oldfd=" + fd + " newfd=" + newfd + " flags=" + flags,
                        () -> task.dup3(fd, newfd, flags)));
            }
            case 5 -> fcntl(fd);
            case 6 -> {
                long count = a.count();
                call("read", "fd=" + fd + " count=" + Long.toUnsignedString(count), () -> task.read(fd, count));
            }
            case 7 -> {
                byte[] data = a.payload();
                call("write", "fd=" + fd + " len=" + data.length, () -> task.write(fd, data));
            }
            default -> call("fstat", "fd=" + fd, () -> task.fstat(fd));
        }
    }

    /** A dup of {@code oldfd} that succeeded is an fd of the same kind. */
    private Integer dupped(int oldfd, Integer newfd) {
        if (newfd != null) {
            opened(newfd, kinds.getOrDefault(oldfd, Kind.OTHER));
        }
        return newfd;
    }

    private void fcntl(int fd) {
        int cmd = a.pick(Fcntl.F_DUPFD, Fcntl.F_DUPFD_CLOEXEC, Fcntl.F_GETFD, Fcntl.F_SETFD, Fcntl.F_GETFL,
                Fcntl.F_SETFL, -1, 1024, 1030, a.r.nextInt(2048), a.r.nextInt());
        long arg = a.chance(50) ? a.anyInt() : a.count();
        if (cmd == Fcntl.F_SETFL) {
            arg |= Fcntl.O_NONBLOCK; // never a blocking fd: the fuzzer's calls must not sleep
        }
        long farg = arg;
        Long r = call("fcntl", "fd=" + fd + " cmd=" + cmd + " arg=" + arg, () -> task.fcntl(fd, cmd, farg));
        if (r != null && (cmd == Fcntl.F_DUPFD || cmd == Fcntl.F_DUPFD_CLOEXEC)) {
            dupped(fd, r.intValue());
        }
    }

    // ---- poll, rlimits -----------------------------------------------------------------

    private void poll() {
        int n = a.chance(2) ? a.pick(1025, 4097, 1 << 16) : a.r.nextInt(9);
        List<PollFd> fds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fds.add(new PollFd(a.chance(10) ? -1 - a.r.nextInt(3) : a.fd(known()), a.events()));
        }
        call("poll", "nfds=" + n + " first=" + (fds.isEmpty() ? "-" : fds.get(0)), () -> task.poll(fds, 0));
    }

    private void rlimit() {
        int resource = a.chance(60) ? Resource.RLIMIT_NOFILE : a.pick(-1, 0, 1, 6, 8, 15, 16, 17, 1024, a.r.nextInt());
        if (a.chance(50)) {
            call("getrlimit", "resource=" + resource, () -> task.getrlimit(resource));
            return;
        }
        long[] edges = {0, 1, 3, 64, 1024, 4096, Resource.NR_OPEN, Resource.NR_OPEN + 1, Resource.RLIM_INFINITY,
            Long.MAX_VALUE, 1L << 31, 1L << 47};
        long soft = edges[a.r.nextInt(edges.length)];
        long hard = edges[a.r.nextInt(edges.length)];
        if (resource == Resource.RLIMIT_NOFILE && !privileged) {
            // an unprivileged task could never raise a lowered hard limit again: keep it, or try to raise it (EPERM)
            hard = a.chance(70) ? nofileHard : a.pick(List.of(nofileHard + 1, Resource.NR_OPEN + 1, Resource.RLIM_INFINITY));
        }
        long h = hard;
        Boolean set = call("setrlimit", "resource=" + resource + " soft=" + soft + " hard=" + hard, () -> {
            task.setrlimit(resource, soft, h);
            return true;
        });
        if (set != null && resource == Resource.RLIMIT_NOFILE) {
            nofileHard = h;
            if (Long.compareUnsigned(soft, 256) < 0 || Long.compareUnsigned(h, 256) < 0) {
                // keep the task able to open fds: back to the usual limits, as a call of its own
                long back = privileged ? Resource.NR_OPEN : nofileHard;
                if (call("setrlimit", "resource=NOFILE soft=1024 hard=" + back, () -> {
                    task.setrlimit(Resource.RLIMIT_NOFILE, Math.min(1024, back), back);
                    return true;
                }) != null) {
                    nofileHard = back;
                }
            }
        }
    }
}
