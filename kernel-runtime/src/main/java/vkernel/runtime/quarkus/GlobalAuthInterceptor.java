package vkernel.runtime.quarkus;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import vkernel.runtime.auth.AuthInterceptor;

/** Installs the AuthInterceptor in front of every gRPC service of the layer. */
@ApplicationScoped
@GlobalInterceptor
public class GlobalAuthInterceptor implements ServerInterceptor, Prioritized {
    @Override
    public int getPriority() {
        return InterceptorOrder.AUTH;
    }

    @Inject
    KernelRuntime runtime;

    private volatile AuthInterceptor delegate;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        AuthInterceptor d = delegate;
        if (d == null) {
            d = delegate = new AuthInterceptor(runtime.secret());
        }
        return d.interceptCall(call, headers, next);
    }
}
