package vkernel.runtime.trace;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import vkernel.runtime.state.CallMark;

/**
 * Carries the trace context from a layer's call into the layer it calls, and the
 * syscall's identity (its call id and task token) with it: each layer the syscall
 * reaches records its answer under that id, so a retry of the syscall after a crash
 * anywhere on its path runs each step once (DurableAnswers).
 */
public final class TraceInterceptors {
    private TraceInterceptors() {}

    static final Metadata.Key<String> CALL = Metadata.Key.of("vkernel-call", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TASK = Metadata.Key.of("vkernel-task", Metadata.ASCII_STRING_MARSHALLER);
    /** The syscall's call id and token, as received: {call, token}. */
    static final Context.Key<String[]> CALL_ID = Context.key("vkernel-call-id");

    /**
     * Whether the current call carries its syscall's id onward: a peer then answers a
     * repeated step from its record, so a step whose connection broke may be sent again.
     */
    public static boolean carriesCallId() {
        return CALL_ID.get() != null;
    }

    /**
     * Methods a syscall may call more than once (vfs's poll asks each file again at every
     * look): a recorded answer would be replayed to the second look, so they carry no id.
     */
    private static boolean callableOnce(MethodDescriptor<?, ?> m) {
        return !"Poll".equals(m.getBareMethodName());
    }

    /** Takes "traceparent" from the incoming call into the call's Context. */
    public static final class Server implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            TraceContext tc = TraceContext.parse(headers.get(TraceContext.TRACEPARENT), headers.get(TraceContext.SYSCALL));
            String callId = headers.get(CALL);
            String token = headers.get(TASK);
            if (tc == null && (callId == null || token == null)) {
                return next.startCall(call, headers);
            }
            Context ctx = Context.current();
            if (tc != null) {
                ctx = ctx.withValue(TraceContext.CURRENT, tc);
            }
            if (callId != null && token != null) {
                ctx = ctx.withValue(CALL_ID, new String[] {callId, token});
            }
            return Contexts.interceptCall(ctx, call, headers, next);
        }
    }

    /** Writes the current Context's trace context on every outgoing call. */
    public static final class Client implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            TraceContext tc = TraceContext.current();
            String[] callId = callableOnce(method) ? CALL_ID.get() : null;
            ClientCall<Q, R> call = next.newCall(method, options);
            return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    var closed = CallMark.remoteCallStarted(); // no commit waits on the caller meanwhile
                    listener = new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onClose(io.grpc.Status status, Metadata trailers) {
                            closed.accept(status);
                            super.onClose(status, trailers);
                        }
                    };
                    if (tc != null) {
                        headers.put(TraceContext.TRACEPARENT, tc.traceparent());
                        if (!tc.syscall().isEmpty()) {
                            headers.put(TraceContext.SYSCALL, tc.syscall());
                        }
                    }
                    if (callId != null && headers.get(CALL) == null) {
                        headers.put(CALL, callId[0]);
                        if (headers.get(TASK) == null) {
                            headers.put(TASK, callId[1]);
                        }
                    }
                    super.start(listener, headers);
                }
            };
        }
    }
}
