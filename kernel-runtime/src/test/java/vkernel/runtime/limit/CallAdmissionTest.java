package vkernel.runtime.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.runtime.auth.Credentials;
import vkernel.vfs.v1.FileServiceGrpc;
import vkernel.vfs.v1.ReadRequest;
import vkernel.vfs.v1.ReadResponse;

class CallAdmissionTest {
    /** A server call as the transport would hand it: records what the layer answers. */
    static final class RecordedCall extends ServerCall<ReadRequest, ReadResponse> {
        final List<ReadResponse> sent = new ArrayList<>();
        Status closed;

        @Override
        public void request(int n) {}

        @Override
        public void sendHeaders(Metadata headers) {}

        @Override
        public void sendMessage(ReadResponse message) {
            sent.add(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<ReadRequest, ReadResponse> getMethodDescriptor() {
            return FileServiceGrpc.getReadMethod();
        }
    }

    /** The handler: keeps the calls it started, answers when told. */
    static final class Handler implements ServerCallHandler<ReadRequest, ReadResponse> {
        final List<ServerCall<ReadRequest, ReadResponse>> started = new ArrayList<>();

        @Override
        public ServerCall.Listener<ReadRequest> startCall(ServerCall<ReadRequest, ReadResponse> call, Metadata headers) {
            started.add(call);
            return new ServerCall.Listener<>() { };
        }

        void answer(int i) {
            started.get(i).sendMessage(ReadResponse.newBuilder().setRet(3).build());
            started.get(i).close(Status.OK, new Metadata());
        }
    }

    private final CallAdmission admission = new CallAdmission(2, 1.0);
    private final Handler handler = new Handler();

    private ServerCall.Listener<ReadRequest> call(int pid, RecordedCall call) throws Exception {
        Context ctx = Context.current().withValue(Credentials.TASK, Cred.newBuilder().setPid(pid).build());
        return ctx.call(() -> admission.interceptCall(call, new Metadata(), handler));
    }

    @Test
    void aTaskPastItsCallsInFlightGetsEagainWithoutReachingTheLayer() throws Exception {
        call(7, new RecordedCall());
        call(7, new RecordedCall());
        RecordedCall third = new RecordedCall();
        call(7, third);

        assertEquals(2, handler.started.size(), "the third call never reached the handler");
        assertEquals(Status.Code.OK, third.closed.getCode(), "answered as a syscall, not as a transport failure");
        assertEquals(Errno.ERRNO_EAGAIN, third.sent.get(0).getErrno());
        assertEquals(-1, third.sent.get(0).getRet());

        RecordedCall otherTask = new RecordedCall();
        call(8, otherTask);
        assertEquals(3, handler.started.size(), "another task's calls are not counted with it");
        assertNull(otherTask.closed);
    }

    @Test
    void anAnsweredOrCancelledCallGivesItsPlaceBack() throws Exception {
        call(7, new RecordedCall());
        ServerCall.Listener<ReadRequest> second = call(7, new RecordedCall());
        handler.answer(0);
        second.onCancel();
        call(7, new RecordedCall());
        RecordedCall fourth = new RecordedCall();
        call(7, fourth);

        assertEquals(4, handler.started.size());
        assertNull(fourth.closed, "both places were given back");
        assertEquals(2, admission.inFlight(7));
    }

    @Test
    void theLayersOwnCallsAreNotCounted() throws Exception {
        for (int i = 0; i < 5; i++) {
            admission.interceptCall(new RecordedCall(), new Metadata(), handler); // no task in the context
        }
        assertEquals(5, handler.started.size());
        assertEquals(0, admission.tasksInFlight());
    }

    @Test
    void aLayerWhoseHeapIsFullAfterACollectionAnswersEnomem() throws Exception {
        CallAdmission full = new CallAdmission(2, 1e-12); // any heap in use is "nearly full"
        System.gc();
        RecordedCall c = new RecordedCall();
        Context ctx = Context.current().withValue(Credentials.TASK, Cred.newBuilder().setPid(7).build());
        ctx.call(() -> full.interceptCall(c, new Metadata(), handler));

        assertEquals(0, handler.started.size());
        assertEquals(Errno.ERRNO_ENOMEM, c.sent.get(0).getErrno());
        new CallAdmission(2, 1.0); // the JVM's thresholds back for the other tests
    }

    @Test
    void garbageLeftAfterABurstIsNotPressure() throws Exception {
        CallAdmission admission = new CallAdmission(2, 0.05);
        byte[][] burst = new byte[2][];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 32)];
        }
        System.gc(); // the burst is live at this collection: the pool's flag is set
        assertTrue(java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(p -> p.isCollectionUsageThresholdSupported() && p.isCollectionUsageThresholdExceeded()),
                "a pool is over its threshold after the collection: " + burst.length);
        burst = null;
        RecordedCall c = new RecordedCall();
        Context ctx = Context.current().withValue(Credentials.TASK, Cred.newBuilder().setPid(7).build());
        ctx.call(() -> admission.interceptCall(c, new Metadata(), handler));

        assertEquals(1, handler.started.size(), "the flag was confirmed by a collection, which found the burst gone");
        new CallAdmission(2, 1.0);
    }
}
