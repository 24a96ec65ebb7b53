package vkernel.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vkernel.errno.v1.Errno;
import vkernel.run.PreloadFrame.Answer;
import vkernel.sdk.ErrnoException;
import vkernel.sdk.Task;

/**
 * The tasks of one vk run's processes: the first process's, and one per fork(2) of a process
 * (the kernel's fork: the parent's fd table copied), ended when its host process ends, as a
 * process's exit ends its task. Keyed by the task's pid, which the forked child presents on
 * each of its connections (ATTACH).
 */
final class ProcessTasks implements AutoCloseable {
    private final int rootPid;
    private final Map<Integer, PreloadCalls> byPid = new ConcurrentHashMap<>();

    ProcessTasks(Task root) {
        this.rootPid = root.pid();
        byPid.put(root.pid(), new PreloadCalls(root));
    }

    /** The first process's task: every connection's until it says otherwise. */
    PreloadCalls root() {
        return byPid.get(rootPid);
    }

    /** The live task of this pid, or null. */
    PreloadCalls of(int pid) {
        return byPid.get(pid);
    }

    /** FORK: the calling process's task copied; the answer is the child's pid. */
    Answer fork(PreloadCalls parent) {
        try {
            Task child = parent.task().fork();
            byPid.put(child.pid(), new PreloadCalls(child));
            return Answer.ok(child.pid());
        } catch (ErrnoException e) {
            return Answer.error(e.number());
        }
    }

    /**
     * FORKED: the host pid of the process the task was made for; its exit ends the task. A fork
     * that failed (hostPid -1), or a process already gone, ends it now.
     */
    Answer forked(int child, long hostPid) {
        if (child == rootPid || !byPid.containsKey(child)) {
            return Answer.error(Errno.ERRNO_ESRCH.getNumber());
        }
        if (hostPid <= 0) {
            end(child);
        } else {
            ProcessHandle.of(hostPid).ifPresentOrElse(p -> p.onExit().thenRun(() -> end(child)), () -> end(child));
        }
        return Answer.ok(0);
    }

    private void end(int pid) {
        PreloadCalls c = byPid.remove(pid);
        if (c != null) {
            try {
                c.task().exit(0);
            } catch (RuntimeException e) {
                // the kernel is gone: nothing of the task outlives it
            }
        }
    }

    /** Ends the forked tasks whose processes outlive vk run's program (the first task is the caller's to end). */
    @Override
    public void close() {
        for (int pid : List.copyOf(byPid.keySet())) {
            if (pid != rootPid) {
                end(pid);
            }
        }
    }
}
