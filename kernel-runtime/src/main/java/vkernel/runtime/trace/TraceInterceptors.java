package vkernel.runtime.trace;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Carries the trace context from a layer's call into the layer it calls. */
public final class TraceInterceptors {
    private TraceInterceptors() {}

    /** Takes "traceparent" from the incoming call into the call's Context. */
    public static final class Server implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            TraceContext tc = TraceContext.parse(headers.get(TraceContext.TRACEPARENT), headers.get(TraceContext.SYSCALL));
            if (tc == null) {
                return next.startCall(call, headers);
            }
            return Contexts.interceptCall(Context.current().withValue(TraceContext.CURRENT, tc), call, headers, next);
        }
    }

    /** Writes the current Context's trace context on every outgoing call. */
    public static final class Client implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            TraceContext tc = TraceContext.current();
            ClientCall<Q, R> call = next.newCall(method, options);
            if (tc == null) {
                return call;
            }
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(TraceContext.TRACEPARENT, tc.traceparent());
                    if (!tc.syscall().isEmpty()) {
                        headers.put(TraceContext.SYSCALL, tc.syscall());
                    }
                    super.start(listener, headers);
                }
            };
        }
    }
}
