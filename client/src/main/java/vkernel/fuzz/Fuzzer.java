package vkernel.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.SpawnOptions;
import vkernel.sdk.Task;
import vkernel.sdk.VKernel;

/**
 * Issue 11's fuzzer: {@code tasks} tasks of the kernel, each on a thread of its own with a
 * Random derived from one seed, make {@code calls} system calls in all with random and
 * boundary arguments over every call the kernel serves (TCP, UDP, raw, ping, netlink with
 * malformed messages, fd calls, poll, rlimits), then exit. Every answer must be success
 * or a Linux errno; anything else is a finding in the {@link FuzzReport}.
 *
 * <p>Tasks come in groups of four sharing a network namespace, so they meet each other's
 * ports: the first group in the initial namespace (all unprivileged), each other group in
 * a namespace of its own whose fourth task is uid 0 (raw and ping sockets, route changes).
 * The seed fixes each task's sequence of calls; how the tasks interleave is up to the
 * scheduler. Spawning into a namespace, or as uid 0, needs the admin credential.
 */
public final class Fuzzer {
    /**
     * @param seed the run's seed; each task's Random is seeded from it
     * @param calls calls in all, shared evenly among the tasks
     * @param tasks tasks (threads)
     * @param callDeadline a call still unanswered after this is a finding (it slept)
     */
    public record Options(long seed, long calls, int tasks, Duration callDeadline) {
        public Options {
            if (calls < 0 || tasks < 1) {
                throw new IllegalArgumentException("calls must be >= 0 and tasks >= 1");
            }
        }

        public static Options of(long seed, long calls, int tasks) {
            return new Options(seed, calls, tasks, Duration.ofSeconds(30));
        }
    }

    private static final int GROUP = 4;

    private Fuzzer() {}

    /** Runs the fuzzer against a kernel; returns when every task has exited. */
    public static FuzzReport run(VKernel kernel, Options o) throws InterruptedException {
        FuzzReport report = new FuzzReport(o.seed(), o.tasks());
        Random seeds = new Random(o.seed());
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        long netns = 0;
        for (int i = 0; i < o.tasks(); i++) {
            long taskSeed = seeds.nextLong();
            long calls = o.calls() / o.tasks() + (i < o.calls() % o.tasks() ? 1 : 0);
            int group = i / GROUP;
            boolean leader = i % GROUP == 0;
            boolean root = group > 0 && i % GROUP == GROUP - 1;
            SpawnOptions so = SpawnOptions.named("fuzz-" + i).uid(root ? 0 : 1000 + i).gid(root ? 0 : 1000);
            if (group > 0) {
                so = leader ? so.newNetnsWithLoopback() : so.joinNetns(netns);
            }
            Task task;
            try {
                task = kernel.spawn(so);
            } catch (ErrnoException e) {
                report.finding("spawn", "spawn failed: " + e.errnoName(), so.toString());
                continue;
            } catch (RuntimeException e) {
                report.finding("spawn", e.getClass().getName() + ": " + e.getMessage(), so.toString());
                continue;
            }
            if (group > 0 && leader) {
                netns = task.netns();
            }
            FuzzTask ft = new FuzzTask(task.withDeadline(o.callDeadline()), taskSeed, root, report);
            Thread th = new Thread(() -> ft.run(calls), "fuzz-" + i);
            th.setDaemon(true);
            threads.add(th);
        }
        report.spawned(Duration.ofNanos(System.nanoTime() - start));
        threads.forEach(Thread::start);
        for (Thread th : threads) {
            th.join();
        }
        report.finished(Duration.ofNanos(System.nanoTime() - start));
        return report;
    }
}
