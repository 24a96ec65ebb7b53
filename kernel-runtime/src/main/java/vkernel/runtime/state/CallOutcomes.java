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
 * answers are kept, none older than {@link #RETENTION_MILLIS}.
 */
public final class CallOutcomes {
    static final int WINDOW = 64;
    static final long RETENTION_MILLIS = 10 * 60_000L;
    /** Larger answers (a long recv) are not kept: their retry runs again. */
    static final int MAX_KEPT_BYTES = 1 << 20;

    /** A call id: the task (pid and generation) and its sequence. */
    public record CallId(int pid, long generation, long sequence, long shard) {
        String key() {
            return "call/" + pid + "/" + sequence;
        }

        String taskKey() {
            return pid + "/" + generation;
        }
    }

    private final StateChanges changes;
    private final Map<String, TreeMap<Long, CallOutcome>> byTask = new HashMap<>();
    private final Map<String, CompletableFuture<CallOutcome>> running = new ConcurrentHashMap<>();

    public CallOutcomes(StateChanges changes) {
        this.changes = changes;
    }

    /** The recorded answer of this call, or null. */
    public synchronized CallOutcome answered(CallId id) {
        TreeMap<Long, CallOutcome> t = byTask.get(id.taskKey());
        return t == null ? null : t.get(id.sequence());
    }

    /**
     * Marks the call as running; null if it was not, else the future of the attempt
     * already running (a retry that overtook it waits for its answer).
     */
    public CompletableFuture<CallOutcome> begin(CallId id) {
        return running.putIfAbsent(id.taskKey() + "/" + id.sequence(), new CompletableFuture<>());
    }

    /** Records the answer (with the changes the call made, so both are durable together) and ends the call. */
    public void record(CallId id, String method, byte[] response, long now) {
        CallOutcome o = CallOutcome.newBuilder().setPid(id.pid()).setGeneration(id.generation()).setSequence(id.sequence())
                .setMethod(method).setResponse(ByteString.copyFrom(response)).setAnsweredAtMillis(now).setShard(id.shard()).build();
        if (response.length <= MAX_KEPT_BYTES) {
            synchronized (this) {
                TreeMap<Long, CallOutcome> t = byTask.computeIfAbsent(id.taskKey(), k -> new TreeMap<>());
                t.put(id.sequence(), o);
                changes.put(id.key(), id.shard(), o);
                while (t.size() > WINDOW) {
                    CallOutcome oldest = t.pollFirstEntry().getValue();
                    changes.delete("call/" + oldest.getPid() + "/" + oldest.getSequence(), id.shard());
                }
            }
        }
        end(id, o);
    }

    /** Ends a call that recorded nothing (it failed as a transport, not as a syscall). */
    public void end(CallId id, CallOutcome o) {
        CompletableFuture<CallOutcome> f = running.remove(id.taskKey() + "/" + id.sequence());
        if (f != null) {
            f.complete(o);
        }
    }

    /** Drops answers older than the retry window (their tombstones go with the next commit). */
    public synchronized int expire(long now) {
        int dropped = 0;
        for (Iterator<TreeMap<Long, CallOutcome>> tasks = byTask.values().iterator(); tasks.hasNext(); ) {
            TreeMap<Long, CallOutcome> t = tasks.next();
            for (Iterator<CallOutcome> it = t.values().iterator(); it.hasNext(); ) {
                CallOutcome o = it.next();
                if (now - o.getAnsweredAtMillis() > RETENTION_MILLIS) {
                    it.remove();
                    changes.delete("call/" + o.getPid() + "/" + o.getSequence(), o.getShard());
                    dropped++;
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
                byTask.computeIfAbsent(o.getPid() + "/" + o.getGeneration(), k -> new TreeMap<>()).put(o.getSequence(), o);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("state record " + r.key() + " is not a CallOutcome", e);
            }
        }
        return rest;
    }

    public synchronized int size() {
        return byTask.values().stream().mapToInt(Map::size).sum();
    }
}
