package vkernel.runtime.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;
import vkernel.kernel.sched.CurrentCall;
import vkernel.runtime.state.CallMark;

/**
 * The cores' {@link CurrentCall} over gRPC's {@link Context}: a cancelled call (the
 * client gone, or its deadline passed) is the pending signal. Found by the cores through
 * ServiceLoader, so every layer that carries calls over gRPC has it.
 */
public final class GrpcCurrentCall implements CurrentCall {
    private final Context context;

    private GrpcCurrentCall(Context context) {
        this.context = context;
    }

    @Override
    public long millisToDeadline() {
        Deadline d = context.getDeadline();
        return d == null ? NO_DEADLINE : d.timeRemaining(TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean interrupted() {
        return context.isCancelled();
    }

    @Override
    public void onInterrupt(Runnable onInterrupt) {
        context.addListener(c -> {
            CallMark.sleepInterrupted(context);
            onInterrupt.run();
        }, Runnable::run);
    }

    /** Registered in META-INF/services. */
    public static final class Provider implements CurrentCall.Provider {
        @Override
        public CurrentCall get() {
            return new GrpcCurrentCall(Context.current());
        }
    }
}
