package vkernel.runtime.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The OpenTelemetry span a layer's gRPC server opened for the call being served, when
 * tracing is on: a syscall that arrives without a traceparent joins that span's trace,
 * so the trace id in vk trace is the one in the spans.
 */
public final class OtelSpan {
    private OtelSpan() {}

    /** The current span as a parent context, or null when tracing is off or there is none. */
    public static TraceContext current(String syscall) {
        SpanContext sc = Span.current().getSpanContext();
        return sc.isValid() ? new TraceContext(sc.getTraceId(), sc.getSpanId(), syscall) : null;
    }
}
