package vkernel.runtime.state;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import vkernel.runtime.auth.Credentials;
import vkernel.runtime.auth.TaskToken;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.state.v1.CallOutcome;

/**
 * Answer after durable, at the one place every answer passes: a unary call's response
 * leaves only once every state record written so far is acknowledged — whichever reply
 * path the service took. A call that carries a call id (metadata vkernel-call, with its
 * task's token) has its answer recorded with those records, and a retry of it (after a
 * restart, or overtaking the first attempt) gets that answer instead of running again.
 */
@ApplicationScoped
@GlobalInterceptor
@Priority(1)
public class DurableAnswers implements ServerInterceptor {
    /** A task's sequence number for one system call; the same on every retry of that call. */
    public static final Metadata.Key<String> CALL = Metadata.Key.of("vkernel-call", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    LayerState state;

    @Inject
    KernelRuntime runtime;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        CallOutcomes.CallId id = callId(headers, method);
        if (id != null) {
            CallOutcome done = state.outcomes().answered(id);
            if (done != null) {
                return replay(call, done);
            }
            var running = state.outcomes().begin(id);
            if (running != null) {
                running.whenComplete((o, e) -> {
                    if (o != null) {
                        replay(call, o);
                    } else {
                        call.close(Status.UNAVAILABLE.withDescription("the first attempt of this call failed; send it again"), new Metadata());
                    }
                });
                return new ServerCall.Listener<>() { };
            }
        }
        return next.startCall(new DurableCall<>(call, id), headers);
    }

    private CallOutcomes.CallId callId(Metadata headers, String method) {
        String seq = headers.get(CALL);
        if (seq == null) {
            return null;
        }
        Optional<TaskToken.Claims> claims = TaskToken.verify(runtime.secret(), headers.get(Credentials.TASK_TOKEN));
        if (claims.isEmpty()) {
            return null; // refused by authentication anyway
        }
        try {
            var cred = claims.get().cred();
            long shard = state.shardByTask() ? cred.getPid() : cred.getNetns();
            return new CallOutcomes.CallId(cred.getPid(), claims.get().generation(), Long.parseUnsignedLong(seq), method, shard);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <Q, R> ServerCall.Listener<Q> replay(ServerCall<Q, R> call, CallOutcome done) {
        R response = call.getMethodDescriptor().parseResponse(new ByteArrayInputStream(done.getResponse().toByteArray()));
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
        call.close(Status.OK, new Metadata());
        return new ServerCall.Listener<>() { };
    }

    /** Holds the response until the state it may reflect is durable; records it when the call has an id. */
    private final class DurableCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final CallOutcomes.CallId id;
        private R held;

        DurableCall(ServerCall<Q, R> call, CallOutcomes.CallId id) {
            super(call);
            this.id = id;
        }

        @Override
        public void sendMessage(R message) {
            held = message;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!status.isOk() || held == null) {
                if (id != null) {
                    state.outcomes().end(id, null);
                }
                super.close(status, trailers);
                return;
            }
            if (id != null && held instanceof MessageLite m) {
                state.outcomes().record(id, m.toByteArray(), System.currentTimeMillis());
            }
            R message = held;
            state.commit().whenComplete((v, e) -> {
                delegate().sendMessage(message);
                delegate().close(status, trailers);
            });
        }
    }
}
