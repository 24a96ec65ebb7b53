package vkernel.runtime.state;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import vkernel.runtime.quarkus.InterceptorOrder;
import jakarta.inject.Inject;

/**
 * Refuses every call with UNAVAILABLE until the layer's tables are restored: an answer
 * from empty tables would be a lie (EBADF for an fd that exists). Clients retry
 * UNAVAILABLE, so a restart is a pause to them.
 */
@ApplicationScoped
@GlobalInterceptor
public class RestoreGate implements ServerInterceptor, Prioritized {
    @Override
    public int getPriority() {
        return InterceptorOrder.RESTORE_GATE;
    }

    @Inject
    LayerState state;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!state.isServing()) {
            call.close(Status.UNAVAILABLE.withDescription(vkernel.contract.Resend.RESTORING + ": " + state.progress()), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
