package vkernel.runtime.events;

import io.grpc.Context;
import java.util.concurrent.Callable;
import vkernel.errno.v1.Errno;
import vkernel.event.v1.KernelEvent;
import vkernel.runtime.trace.TraceContext;

/**
 * One step a layer takes (a kernel function), published as one event when it ends.
 * Steps nest: a child's parent is this step, and calls made {@link #within} this step
 * carry it as their parent to the next layer.
 */
public final class Step {
    private final KernelEvents events;
    private final Context base;
    private final TraceContext context;
    private final String parentSpanId;
    private final KernelEvent.Builder event;
    private final long startNanos;
    private boolean ended;
    private boolean syscall;

    Step(KernelEvents events, Context base, TraceContext context, String parentSpanId, String function, int pid) {
        this.events = events;
        this.base = base;
        this.context = context;
        this.parentSpanId = parentSpanId;
        this.startNanos = System.nanoTime();
        this.event = KernelEvent.newBuilder()
                .setTraceId(context.traceId())
                .setSpanId(context.spanId())
                .setParentSpanId(parentSpanId == null ? "" : parentSpanId)
                .setFunction(function)
                .setPid(pid)
                .setSyscall(context.syscall())
                .setStartUnixMicros(events.nowMicros());
    }

    /** This step is a syscall this layer serves (its root): its end is measured. */
    void markSyscall() {
        syscall = true;
    }

    /**
     * Whether the call this step serves was cancelled or ran out of time (a signal). A
     * deadline that has passed counts even before gRPC has cancelled the call: a call made
     * on its behalf inherits that deadline and may report it first.
     */
    public boolean callerCancelled() {
        return base.isCancelled() || (base.getDeadline() != null && base.getDeadline().isExpired());
    }

    /** The trace context whose span is this step. */
    public TraceContext context() {
        return context;
    }

    public int pid() {
        return event.getPid();
    }

    /** A step this one causes. */
    public Step child(String function) {
        return new Step(events, base, context.child(), context.spanId(), function, event.getPid());
    }

    public Step object(String name, Object value) {
        event.putObjects(name, String.valueOf(value));
        return this;
    }

    public Step field(String name, Object value) {
        event.putFields(name, String.valueOf(value));
        return this;
    }

    /**
     * Runs code with this step as the current trace context, so the calls it makes
     * descend from it. The context derives from the one of the call that started the
     * trace here, even when the code runs on another thread (a callback), so that the
     * caller's deadline and cancellation reach the next layer too.
     */
    public <T> T within(Callable<T> code) {
        try {
            return base.withValue(TraceContext.CURRENT, context).call(code);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs code in this step's trace but outside the caller's cancellation and deadline:
     * for what must happen even when the caller gave up (undoing a half-made socket,
     * releasing a file), as the kernel finishes its cleanup after a signal.
     */
    public <T> T withinDetached(Callable<T> code) {
        try {
            return Context.ROOT.withValue(TraceContext.CURRENT, context).call(code);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void end() {
        end(0, Errno.ERRNO_UNSPECIFIED);
    }

    /** Ends with a kernel-style result: -1 and the errno, or the value. */
    public void end(long result, Errno errno) {
        if (ended) {
            return;
        }
        ended = true;
        event.setResult(result).setErrno(errno).setDurationNanos(System.nanoTime() - startNanos);
        if (syscall) {
            events.syscallEnded(event);
        }
        events.publish(event);
    }

    /** Ends as failed with errno, or as success with 0. */
    public void endErrno(Errno errno) {
        end(errno == Errno.ERRNO_UNSPECIFIED ? 0 : -1, errno);
    }
}
