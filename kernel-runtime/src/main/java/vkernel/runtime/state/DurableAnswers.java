package vkernel.runtime.state;

import com.google.protobuf.MessageLite;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import vkernel.runtime.quarkus.InterceptorOrder;
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
public class DurableAnswers implements ServerInterceptor, Prioritized {
    @Override
    public int getPriority() {
        return InterceptorOrder.DURABLE_ANSWERS;
    }

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
                replayOnceDurable(call, done);
                return new ServerCall.Listener<>() { };
            }
            var running = state.outcomes().begin(id);
            if (running != null) {
                running.whenComplete((o, e) -> {
                    if (o != null) {
                        replayOnceDurable(call, o);
                    } else {
                        call.close(Status.UNAVAILABLE.withDescription("the first attempt of this call failed; send it again"), new Metadata());
                    }
                });
                return new ServerCall.Listener<>() { };
            }
        }
        if (id == null) {
            return next.startCall(new DurableCall<>(call, null, null), headers);
        }
        // The changes this call makes are attributed to it (see CallMark), in its handler
        // and in the callbacks of the calls it makes, which run in its context.
        CallMark mark = new CallMark(Context.current());
        ServerCall.Listener<Q> listener = Contexts.interceptCall(Context.current().withValue(CallMark.KEY, mark),
                new DurableCall<>(call, id, mark), headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                super.onCancel();
                state.release(mark);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                state.release(mark);
            }
        };
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

    /**
     * A retry gets the recorded answer once it is durable. Recorded is not durable: the
     * answer of a first attempt still committing, or one whose commit failed (a stopping
     * layer), is in memory, and the next instance has not its changes.
     */
    private void replayOnceDurable(ServerCall<?, ?> call, CallOutcome done) {
        state.commit().whenComplete((v, notDurable) -> {
            if (notDurable == null) {
                replay(call, done);
            } else {
                closeStopping(call);
            }
        });
    }

    private static <Q, R> void replay(ServerCall<Q, R> call, CallOutcome done) {
        R response = call.getMethodDescriptor().parseResponse(new ByteArrayInputStream(done.getResponse().toByteArray()));
        call.sendHeaders(new Metadata());
        call.sendMessage(response);
        call.close(Status.OK, new Metadata());
    }

    /** Nothing of the call is durable, nor answered: the client sends it again, to the next instance. */
    private static void closeStopping(ServerCall<?, ?> call) {
        call.close(Status.UNAVAILABLE.withDescription("the layer is stopping; send the call again"), new Metadata());
    }

    /** Holds the response until the state it may reflect is durable; records it when the call has an id. */
    private final class DurableCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final CallOutcomes.CallId id;
        private final CallMark mark;
        private R held;

        DurableCall(ServerCall<Q, R> call, CallOutcomes.CallId id, CallMark mark) {
            super(call);
            this.id = id;
            this.mark = mark;
        }

        @Override
        public void sendMessage(R message) {
            held = message;
        }

        @Override
        public void close(Status served, Metadata trailers) {
            Status status = mark != null && mark.interrupted()
                    ? Status.CANCELLED.withDescription("interrupted: its caller is gone, nothing recorded")
                    : served;
            if (!status.isOk() || held == null) {
                if (id != null) {
                    state.outcomes().end(id, null);
                }
                if (mark != null) {
                    state.release(mark);
                }
                super.close(status, trailers);
                return;
            }
            if (id != null && held instanceof MessageLite m) {
                state.outcomes().record(id, m.toByteArray(), System.currentTimeMillis());
            }
            if (mark != null) {
                state.changes().settle(mark); // its answer is among the changes now
            }
            R message = held;
            state.commit(mark).whenComplete((v, e) -> {
                if (e != null) {
                    closeStopping(delegate());
                    return;
                }
                delegate().sendMessage(message);
                delegate().close(status, trailers);
            });
        }
    }
}
