package vkernel.runtime.events;

import io.grpc.Context;
import vkernel.cred.v1.Cred;
import vkernel.event.v1.KernelEvent;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.trace.TraceContext;

/**
 * A layer's event publisher: starts steps under the current trace and hands each
 * finished event to the sink, which sends it to vkernel.&lt;layer&gt;.events.
 */
public final class KernelEvents {
    /** One line per syscall served, at DEBUG: who, what, the result; never payload bytes. */
    private static final org.jboss.logging.Logger SYSCALLS = org.jboss.logging.Logger.getLogger("vkernel.syscall");

    private final String layer;
    private final String instanceId;
    private final EventSink sink;
    private volatile SyscallListener listener = (syscall, errno, nanos) -> { };

    /** Told of every syscall this layer serves as it ends (metrics). */
    public interface SyscallListener {
        void ended(String syscall, vkernel.errno.v1.Errno errno, long durationNanos);
    }

    public KernelEvents(String layer, String instanceId, EventSink sink) {
        this.layer = layer;
        this.instanceId = instanceId;
        this.sink = sink;
    }

    public void setListener(SyscallListener listener) {
        this.listener = listener;
    }

    void syscallEnded(KernelEvent.Builder e) {
        listener.ended(e.getFunction(), e.getErrno(), e.getDurationNanos());
        if (SYSCALLS.isDebugEnabled()) {
            StringBuilder args = new StringBuilder();
            e.getObjectsMap().forEach((k, v) -> args.append(' ').append(k).append('=').append(v));
            e.getFieldsMap().forEach((k, v) -> args.append(' ').append(k).append('=').append(v));
            String result = e.getErrno() == vkernel.errno.v1.Errno.ERRNO_UNSPECIFIED ? Long.toString(e.getResult())
                    : "-1 " + vkernel.uapi.Errnos.name(e.getErrno());
            SYSCALLS.debugf("pid %d %s%s = %s (%.3f ms, trace %s)", e.getPid(), e.getFunction(), args, result,
                    e.getDurationNanos() / 1e6, e.getTraceId());
        }
    }

    public String layer() {
        return layer;
    }

    public static String topic(String layer) {
        return "vkernel." + layer + ".events";
    }

    /**
     * The root step of a syscall served by this layer: a child of the caller's trace
     * context if it sent one (so a client can join its own trace), else a new trace.
     * Call it on the thread serving the call: its gRPC Context is the base of the trace.
     */
    public Step syscall(String syscall, Cred cred) {
        TraceContext incoming = TraceContext.current();
        if (incoming == null) {
            incoming = vkernel.runtime.trace.OtelSpan.current(syscall);
        }
        TraceContext ctx = incoming == null
                ? TraceContext.newRoot(syscall)
                : new TraceContext(incoming.traceId(), TraceContext.randomHex(8), syscall);
        Step root = new Step(this, Context.current(), ctx, incoming == null ? null : incoming.spanId(), syscall,
                cred == null ? 0 : cred.getPid());
        root.markSyscall();
        return root;
    }

    /** A step under the current call's trace context (a step another layer caused). */
    public Step step(String function) {
        TraceContext incoming = TraceContext.current();
        Cred task = Credentials.TASK.get();
        int pid = task == null ? 0 : task.getPid();
        if (incoming == null) {
            return new Step(this, Context.current(), TraceContext.newRoot(function), null, function, pid);
        }
        return new Step(this, Context.current(), incoming.child(), incoming.spanId(), function, pid);
    }

    /** As {@link #step(String)}, for a step on behalf of a task named by its cred. */
    public Step step(String function, Cred cred) {
        TraceContext incoming = TraceContext.current();
        int pid = cred == null ? 0 : cred.getPid();
        if (incoming == null) {
            return new Step(this, Context.current(), TraceContext.newRoot(function), null, function, pid);
        }
        return new Step(this, Context.current(), incoming.child(), incoming.spanId(), function, pid);
    }

    /**
     * The wall clock to the microsecond (Instant.now, not currentTimeMillis): every layer's JVM
     * anchors its clock here, and an anchor a millisecond off ordered an inner layer's step
     * before the outer step that called it in vk trace's tree (siblings sort by start).
     */
    private static final long WALL_MICROS_AT_START = wallMicros();
    private static final long NANOS_AT_START = System.nanoTime();

    private static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** Wall-clock microseconds with the resolution of nanoTime, so steps of one call keep their order. */
    long nowMicros() {
        return WALL_MICROS_AT_START + (System.nanoTime() - NANOS_AT_START) / 1000;
    }

    void publish(KernelEvent.Builder event) {
        sink.publish(event.setLayer(layer).setInstanceId(instanceId).build());
    }
}
