package vkernel.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import vkernel.kernel.state.StateChanges;
import vkernel.kernel.state.StateRecord;
import vkernel.state.v1.CallOutcome;

/** The answers kept for retried calls: found again after a restore, bounded per task, aged out. */
class CallOutcomesTest {
    private final StateChanges changes = new StateChanges();
    private final CallOutcomes outcomes = new CallOutcomes(changes);
    private final Map<String, StateRecord> topic = new LinkedHashMap<>();

    private void flush() {
        for (StateRecord r : changes.drain()) {
            topic.remove(r.key());
            if (!r.isTombstone()) {
                topic.put(r.key(), r);
            }
        }
    }

    private static CallOutcomes.CallId id(long seq) {
        return new CallOutcomes.CallId(100, 7, seq, "vkernel.vfs.v1.FileService/Close", 100);
    }

    @Test
    void anAnswerIsFoundAgainAfterARestoreAndOtherRecordsPassThrough() throws Exception {
        assertNull(outcomes.begin(id(1)));
        outcomes.record(id(1), new byte[] {8, 0}, 1000);
        changes.put("task/100", 100, CallOutcome.getDefaultInstance());
        flush();
        CallOutcomes restored = new CallOutcomes(new StateChanges());
        List<StateRecord> rest = restored.restore(new ArrayList<>(topic.values()));
        assertEquals(List.of("task/100"), rest.stream().map(StateRecord::key).toList());
        CallOutcome o = restored.answered(id(1));
        assertNotNull(o);
        assertEquals("vkernel.vfs.v1.FileService/Close", o.getMethod());
        assertNull(restored.answered(new CallOutcomes.CallId(100, 8, 1, "vkernel.vfs.v1.FileService/Close", 100)), "another task of the same pid");
        assertNull(restored.answered(new CallOutcomes.CallId(100, 7, 1, "vkernel.vfs.v1.FileService/Dup", 100)), "another step of the call");
    }

    @Test
    void aRetryThatOvertakesTheFirstAttemptWaitsForItsAnswer() {
        assertNull(outcomes.begin(id(5)));
        CompletableFuture<CallOutcome> waiting = outcomes.begin(id(5));
        assertNotNull(waiting);
        outcomes.record(id(5), new byte[] {1}, 0);
        assertEquals(5, waiting.join().getSequence());
        assertNull(outcomes.begin(id(6)), "the next call runs");
    }

    @Test
    void aTaskKeepsItsLastAnswersOnlyAndOldOnesAgeOut() {
        for (long seq = 1; seq <= CallOutcomes.WINDOW + 10; seq++) {
            outcomes.begin(id(seq));
            outcomes.record(id(seq), new byte[0], seq);
        }
        flush();
        assertEquals(CallOutcomes.WINDOW, outcomes.size());
        assertEquals(CallOutcomes.WINDOW, topic.size(), "tombstones for the ones that fell out");
        assertNull(outcomes.answered(id(10)));
        assertNotNull(outcomes.answered(id(11)));
        outcomes.expire(CallOutcomes.RETENTION_MILLIS + 100);
        flush();
        assertEquals(0, outcomes.size());
        assertEquals(0, topic.size());
    }

    /** Tasks of the initial namespace spawned and gone by the thousand (no layer but vfs learns of their exit) leave a bounded number of answers. */
    @Test
    void theAnswersOfManyTasksAreBoundedOldestFirst() {
        int tasks = CallOutcomes.MAX_KEPT / 10 + 100;
        for (int pid = 1; pid <= tasks; pid++) {
            for (long seq = 1; seq <= 10; seq++) {
                outcomes.record(new CallOutcomes.CallId(pid, 1, seq, "vkernel.vfs.v1.ProcessService/Exit", pid), new byte[] {8, 0}, 1000);
            }
        }
        assertEquals(CallOutcomes.MAX_KEPT, outcomes.size());
        assertNull(outcomes.answered(new CallOutcomes.CallId(1, 1, 1, "vkernel.vfs.v1.ProcessService/Exit", 1)), "the oldest went");
        assertNotNull(outcomes.answered(new CallOutcomes.CallId(tasks, 1, 10, "vkernel.vfs.v1.ProcessService/Exit", tasks)));
        flush();
        assertEquals(CallOutcomes.MAX_KEPT, topic.size(), "the dropped answers' records are deleted from the topic too");
    }

    @Test
    void anExitedTasksAnswersGoWithItAndAnExitedNamespacesWithIt() {
        CallOutcomes.CallId a = new CallOutcomes.CallId(100, 7, 1, "vkernel.net.v1.ProtoOpsService/Sendmsg", 4026531840L);
        CallOutcomes.CallId b = new CallOutcomes.CallId(101, 1, 1, "vkernel.net.v1.ProtoOpsService/Sendmsg", 4026532001L);
        CallOutcomes.CallId c = new CallOutcomes.CallId(102, 1, 1, "vkernel.net.v1.ProtoOpsService/Sendmsg", 4026532001L);
        CallOutcomes.CallId sameVersionOfPid = new CallOutcomes.CallId(100, 8, 1, "vkernel.net.v1.ProtoOpsService/Sendmsg", 4026531840L);
        for (CallOutcomes.CallId id : List.of(a, b, c, sameVersionOfPid)) {
            outcomes.record(id, new byte[] {8, 1}, 1000);
        }
        flush();
        assertEquals(1, outcomes.forgetTask(100, 7));
        assertNull(outcomes.answered(a));
        assertNotNull(outcomes.answered(sameVersionOfPid), "a later task with the pid keeps its answers");
        assertEquals(2, outcomes.forgetShard(4026532001L));
        assertNull(outcomes.answered(b));
        assertNull(outcomes.answered(c));
        flush();
        assertEquals(List.of("call/100/8/1/vkernel.net.v1.ProtoOpsService/Sendmsg"), List.copyOf(topic.keySet()),
                "the forgotten answers' records are deleted from the topic");
        assertEquals(1, outcomes.size());
    }

    /** Two tasks with the same pid (one exited, its pid used again) had one record key: the later answer replaced the earlier on the topic. */
    @Test
    void aRecordWrittenWithoutTheGenerationInItsKeyIsKeptUnderTheNewKey() {
        CallOutcome o = CallOutcome.newBuilder().setPid(100).setGeneration(7).setSequence(1).setMethod("vkernel.vfs.v1.FileService/Close")
                .setAnsweredAtMillis(1000).setShard(100).build();
        String oldKey = "call/100/1/vkernel.vfs.v1.FileService/Close";
        topic.put(oldKey, new StateRecord(oldKey, 4, o.toByteArray()));
        CallOutcomes restored = new CallOutcomes(changes);
        restored.restore(new ArrayList<>(topic.values()));
        assertNotNull(restored.answered(id(1)));
        flush();
        assertEquals(List.of("call/100/7/1/vkernel.vfs.v1.FileService/Close"), List.copyOf(topic.keySet()));
    }
}
