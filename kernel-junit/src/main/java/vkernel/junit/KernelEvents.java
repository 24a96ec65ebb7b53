package vkernel.junit;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import vkernel.sdk.Task;
import vkernel.trace.CallTree;

/**
 * The syscalls a test made, as the layers published them on Kafka: each call's steps, to
 * assert on the path it took. A parameter of this type sees the calls that started during
 * its test (for a class-level parameter, during its class). Events arrive a little after
 * the call returns, so every method waits for them: a call is complete once no step of it
 * arrived for 400 ms.
 *
 * <p>Tests of one kernel run one at a time for this to tell their calls apart (JUnit's
 * default); with parallel tests, look at one task's calls with {@link #of(Task)}.
 */
public final class KernelEvents {
    static final Duration GRACE = Duration.ofMillis(400);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final EventLog log;
    private final long sinceMicros;
    private final int pid; // 0: every task
    private final Duration timeout;

    KernelEvents(EventLog log, long sinceMicros, int pid, Duration timeout) {
        this.log = log;
        this.sinceMicros = sinceMicros;
        this.pid = pid;
        this.timeout = timeout;
    }

    /** Only this task's calls. */
    public KernelEvents of(Task task) {
        return new KernelEvents(log, sinceMicros, task.pid(), timeout);
    }

    /** How long {@link #call(String)} waits for a call to show up (20 s unless told). */
    public KernelEvents within(Duration newTimeout) {
        return new KernelEvents(log, sinceMicros, pid, newTimeout);
    }

    /**
     * The first call of this syscall in the test, complete; waits for it to arrive.
     *
     * @throws AssertionError if none arrived in time (the message lists the calls that did)
     */
    public SyscallTrace call(String syscall) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (CallTree t : mine()) {
                if (t.root().getFunction().equals(syscall)) {
                    return new SyscallTrace(t);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + syscall + " call" + (pid == 0 ? "" : " of pid " + pid) + " arrived within "
                        + timeout.toSeconds() + " s; calls seen: " + describe(mine()) + lost());
            }
            await();
        }
    }

    /** Every call of this syscall so far, complete, in the order they started. */
    public List<SyscallTrace> calls(String syscall) {
        return calls().stream().filter(c -> c.syscall().equals(syscall)).toList();
    }

    /**
     * Every call so far, complete, in the order they started: waits until no event of any
     * layer arrived for the grace period, so a call just made is not missed.
     */
    public List<SyscallTrace> calls() {
        long asked = System.nanoTime();
        long deadline = asked + timeout.toNanos();
        while (System.nanoTime() < deadline
                && (System.nanoTime() - asked < GRACE.toNanos() || log.quietNanos() < GRACE.toNanos())) {
            await();
        }
        return mine().stream().map(SyscallTrace::new).toList();
    }

    private List<CallTree> mine() {
        return log.settled(sinceMicros, GRACE).stream().filter(t -> pid == 0 || t.root().getPid() == pid).toList();
    }

    private void await() {
        try {
            log.awaitArrival(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the kernel's events", e);
        }
    }

    private String lost() {
        long n = log.eventsLost();
        return n == 0 ? "" : " (a layer reported lost events " + n + " times)";
    }

    private static String describe(List<CallTree> trees) {
        return trees.isEmpty() ? "none"
                : trees.stream().map(t -> t.root().getFunction() + " (pid " + t.root().getPid() + ")").collect(Collectors.joining(", "));
    }
}
