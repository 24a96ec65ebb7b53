package vkernel.runtime.state;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.state.v1.CallOutcome;

/**
 * The answers this layer gave to calls that carried a call id (vkernel-call: a task's
 * sequence number, the same on every retry of one call), kept in the layer's state so
 * that a retry after a restart gets the answer the first attempt got (Linux's
 * ERESTARTSYS, across processes): a call runs once. A task's last {@link #WINDOW}
 * answers are kept, none older than {@link #RETENTION_MILLIS}, and no more than {@link
 * #MAX_KEPT} in all. A task's answers go when the task exits (vfs-service) or when its
 * network namespace does (the other layers, which do not learn of a task's exit), and
 * tasks spawned and gone by the thousand in the initial namespace must still not fill
 * the heap with their answers (the oldest go first).
 */
public final class CallOutcomes {
    static final int WINDOW = 64;
    static final long RETENTION_MILLIS = 10 * 60_000L;
    /** Larger answers (a long recv) are not kept: their retry runs again. */
    static final int MAX_KEPT_BYTES = 1 << 20;
    /** Answers kept in all (about 200 bytes each). */
    static final int MAX_KEPT = 32_768;

    /**
     * A call id: the task (pid and generation), its sequence, and the method of this layer
     * it asked (one syscall asks a layer for several steps: sock_alloc, then fd_install).
     */
    public record CallId(int pid, long generation, long sequence, String method, long shard) {
        /** Its record's key on the state topic: the task's generation in it, so a pid used again is another task. */
        String key() {
            return key(pid, generation, sequence, method);
        }

        String taskKey() {
            return pid + "/" + generation;
        }

        static String key(int pid, long generation, long sequence, String method) {
            return "call/" + pid + "/" + generation + "/" + sequence + "/" + method;
        }

        static String key(CallOutcome o) {
            return key(o.getPid(), o.getGeneration(), o.getSequence(), o.getMethod());
        }
    }

    private final StateChanges changes;
    /** task → sequence → method → answer. */
    private final Map<String, TreeMap<Long, Map<String, CallOutcome>>> byTask = new HashMap<>();
    private final Map<String, CompletableFuture<CallOutcome>> running = new ConcurrentHashMap<>();
    /** Every kept answer, oldest first (for {@link #MAX_KEPT}). */
    private final java.util.LinkedHashMap<String, CallOutcome> oldestFirst = new java.util.LinkedHashMap<>();

    /** Keeps o (already in byTask) in the order of all answers; drops the oldest past MAX_KEPT. */
    private void keep(CallOutcome o) {
        oldestFirst.put(CallId.key(o), o);
        for (Iterator<CallOutcome> it = oldestFirst.values().iterator(); oldestFirst.size() > MAX_KEPT && it.hasNext(); ) {
            CallOutcome oldest = it.next();
            it.remove();
            TreeMap<Long, Map<String, CallOutcome>> t = byTask.get(oldest.getPid() + "/" + oldest.getGeneration());
            Map<String, CallOutcome> m = t == null ? null : t.get(oldest.getSequence());
            if (m != null) {
                m.remove(oldest.getMethod());
                if (m.isEmpty()) {
                    t.remove(oldest.getSequence());
                }
                if (t.isEmpty()) {
                    byTask.remove(oldest.getPid() + "/" + oldest.getGeneration());
                }
            }
            changes.delete(CallId.key(oldest), oldest.getShard());
        }
    }

    public CallOutcomes(StateChanges changes) {
        this.changes = changes;
    }

    /** The recorded answer of this call, or null. */
    public synchronized CallOutcome answered(CallId id) {
        TreeMap<Long, Map<String, CallOutcome>> t = byTask.get(id.taskKey());
        Map<String, CallOutcome> m = t == null ? null : t.get(id.sequence());
        return m == null ? null : m.get(id.method());
    }

    /**
     * Marks the call as running; null if it was not, else the future of the attempt
     * already running (a retry that overtook it waits for its answer).
     */
    public CompletableFuture<CallOutcome> begin(CallId id) {
        return running.putIfAbsent(id.key(), new CompletableFuture<>());
    }

    /** Records the answer (with the changes the call made, so both are durable together) and ends the call. */
    public void record(CallId id, byte[] response, long now) {
        CallOutcome o = CallOutcome.newBuilder().setPid(id.pid()).setGeneration(id.generation()).setSequence(id.sequence())
                .setMethod(id.method()).setResponse(ByteString.copyFrom(response)).setAnsweredAtMillis(now).setShard(id.shard()).build();
        if (response.length <= MAX_KEPT_BYTES) {
            synchronized (this) {
                TreeMap<Long, Map<String, CallOutcome>> t = byTask.computeIfAbsent(id.taskKey(), k -> new TreeMap<>());
                t.computeIfAbsent(id.sequence(), k -> new HashMap<>()).put(id.method(), o);
                changes.put(id.key(), id.shard(), o);
                while (t.size() > WINDOW) {
                    for (CallOutcome oldest : t.pollFirstEntry().getValue().values()) {
                        oldestFirst.remove(CallId.key(oldest));
                        changes.delete(CallId.key(oldest), oldest.getShard());
                    }
                }
                keep(o);
            }
        }
        end(id, o);
    }

    /** Ends a call that recorded nothing (it failed as a transport, not as a syscall). */
    public void end(CallId id, CallOutcome o) {
        CompletableFuture<CallOutcome> f = running.remove(id.key());
        if (f != null) {
            f.complete(o);
        }
    }

    /** Drops answers older than the retry window (their tombstones go with the next commit). */
    public synchronized int expire(long now) {
        return dropIf(o -> now - o.getAnsweredAtMillis() > RETENTION_MILLIS);
    }

    /**
     * Drops the answers of a task that exited: no retry of its calls can come any more
     * (its token names a task that is gone), so they go with it, as a task's restart
     * block goes with its task_struct. Answers recorded after this (exit's own) stay
     * until they expire.
     */
    public synchronized int forgetTask(int pid, long generation) {
        return dropIf(o -> o.getPid() == pid && o.getGeneration() == generation);
    }

    /** Drops the answers of the calls made in a network namespace that exited: every task of it is gone. */
    public synchronized int forgetShard(long shard) {
        return dropIf(o -> o.getShard() == shard);
    }

    private int dropIf(java.util.function.Predicate<CallOutcome> gone) {
        int dropped = 0;
        for (Iterator<TreeMap<Long, Map<String, CallOutcome>>> tasks = byTask.values().iterator(); tasks.hasNext(); ) {
            TreeMap<Long, Map<String, CallOutcome>> t = tasks.next();
            for (Iterator<Map<String, CallOutcome>> seqs = t.values().iterator(); seqs.hasNext(); ) {
                Map<String, CallOutcome> m = seqs.next();
                for (Iterator<CallOutcome> it = m.values().iterator(); it.hasNext(); ) {
                    CallOutcome o = it.next();
                    if (gone.test(o)) {
                        it.remove();
                        oldestFirst.remove(CallId.key(o));
                        changes.delete(CallId.key(o), o.getShard());
                        dropped++;
                    }
                }
                if (m.isEmpty()) {
                    seqs.remove();
                }
            }
            if (t.isEmpty()) {
                tasks.remove();
            }
        }
        return dropped;
    }

    /** Takes the call/ records of a restore; returns the others, for the layer's tables. */
    public synchronized List<StateRecord> restore(List<StateRecord> live) {
        List<StateRecord> rest = new ArrayList<>(live.size());
        for (StateRecord r : live) {
            if (!"call".equals(r.table())) {
                rest.add(r);
                continue;
            }
            try {
                CallOutcome o = CallOutcome.parseFrom(r.value());
                byTask.computeIfAbsent(o.getPid() + "/" + o.getGeneration(), k -> new TreeMap<>())
                        .computeIfAbsent(o.getSequence(), k -> new HashMap<>()).put(o.getMethod(), o);
                if (!r.key().equals(CallId.key(o))) {
                    changes.delete(r.key(), o.getShard()); // written under the key of an older version: kept under today's
                    changes.put(CallId.key(o), o.getShard(), o);
                }
                keep(o); // a topic holding more than the bound: the surplus is dropped, its tombstones go with the first commit
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("state record " + r.key() + " is not a CallOutcome", e);
            }
        }
        return rest;
    }

    public synchronized int size() {
        return oldestFirst.size();
    }
}
