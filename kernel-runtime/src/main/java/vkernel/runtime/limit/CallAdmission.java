package vkernel.runtime.limit;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import vkernel.cred.v1.Cred;
import vkernel.errno.v1.Errno;
import vkernel.runtime.auth.Credentials;

/**
 * Admits a task's call into the layer, or answers it at once as an overloaded kernel
 * would: EAGAIN when the task already has {@code vkernel.limits.task-calls-in-flight}
 * calls here, ENOMEM while the heap is nearly full after a collection. Runs after
 * authentication (the task is known), before anything is restored, recorded or done.
 */
@ApplicationScoped
@GlobalInterceptor
public class CallAdmission implements ServerInterceptor, Prioritized {
    @Override
    public int getPriority() {
        return InterceptorOrder.ADMISSION;
    }

    /** Calls that release: never refused, as Linux's exit(2) and close(2) never are for load. */
    private static final java.util.Set<String> RELEASING = java.util.Set.of("vkernel.vfs.v1.ProcessService/Exit",
            "vkernel.vfs.v1.FileService/Close");

    private final TaskCallsInFlight inFlight;
    private final HeapPressure heap;

    @Inject
    public CallAdmission(@ConfigProperty(name = "vkernel.limits.task-calls-in-flight", defaultValue = "1024") int limit,
            @ConfigProperty(name = "vkernel.limits.heap-pressure", defaultValue = "0.9") double heapFraction) {
        this.inFlight = new TaskCallsInFlight(limit);
        this.heap = new HeapPressure(heapFraction);
    }

    /** Calls pid has in flight here. */
    public int inFlight(int pid) {
        return inFlight.of(pid);
    }

    /** Tasks with a call in flight here. */
    public int tasksInFlight() {
        return inFlight.tasks();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Cred task = Credentials.TASK.get();
        if (task == null || RELEASING.contains(call.getMethodDescriptor().getFullMethodName())) {
            // the layers' own calls are bounded by the calls that caused them; exit and close free what a task holds
            return next.startCall(call, headers);
        }
        if (heap.high()) {
            return refuse(call, Errno.ERRNO_ENOMEM_VALUE, "the layer's heap is nearly full");
        }
        int pid = task.getPid();
        if (!inFlight.enter(pid)) {
            return refuse(call, Errno.ERRNO_EAGAIN_VALUE, "task " + pid + " has too many calls in flight");
        }
        AtomicBoolean ended = new AtomicBoolean();
        Runnable exit = () -> {
            if (ended.compareAndSet(false, true)) {
                inFlight.exit(pid);
            }
        };
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                exit.run();
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(counted, headers);
        } catch (RuntimeException e) {
            exit.run();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                exit.run();
                super.onCancel();
            }

            @Override
            public void onComplete() {
                exit.run();
                super.onComplete();
            }
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, int errno, String why) {
        R answer = ErrnoAnswer.of(call.getMethodDescriptor(), errno);
        if (answer == null) { // a contract without errno (streams of events): the transport's word for it
            call.close(Status.RESOURCE_EXHAUSTED.withDescription(why), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        call.sendHeaders(new Metadata());
        call.sendMessage(answer);
        call.close(Status.OK, new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
