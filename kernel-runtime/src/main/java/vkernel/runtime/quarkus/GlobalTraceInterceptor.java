package vkernel.runtime.quarkus;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import vkernel.runtime.trace.TraceInterceptors;

/** Takes the caller's trace context into every gRPC call the layer serves. */
@ApplicationScoped
@GlobalInterceptor
public class GlobalTraceInterceptor implements ServerInterceptor, Prioritized {
    @Override
    public int getPriority() {
        return InterceptorOrder.TRACE;
    }

    private final TraceInterceptors.Server delegate = new TraceInterceptors.Server();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return delegate.interceptCall(call, headers, next);
    }
}
