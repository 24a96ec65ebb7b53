package vkernel.inet.grpc;

import vkernel.runtime.events.StepTrace;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.grpc.stub.StreamObserver;
import jakarta.inject.Inject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import vkernel.cred.v1.Cred;
import vkernel.inet.core.AfInet;
import vkernel.inet.core.Timers;
import vkernel.kernel.trace.Trace;
import vkernel.runtime.quarkus.KernelRuntime;
import vkernel.runtime.state.LayerState;

/**
 * The PF_INET stack of this process: one {@link AfInet}, its timer thread, its events,
 * its tables recorded on the state topic and the answer after durable ({@link #reply}).
 */
@ApplicationScoped
public class InetStack {
    @Inject
    KernelRuntime runtime;

    @Inject
    LayerState state;

    private ScheduledExecutorService timerThread;
    private AfInet af;

    @PostConstruct
    void init() {
        timerThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "inet-timers");
            t.setDaemon(true);
            return t;
        });
        af = new AfInet(Timers.of(timerThread), function -> new StepTrace(runtime.events().step(function)), state.changes());
        // a timer's change (a TIME_WAIT expiring, a delayed ACK) has no call to answer: written at once all the same
        af.onChangeOutsideACall(state::commit);
    }

    void shutdown(@Observes ShutdownEvent ev) {
        timerThread.shutdownNow();
    }

    public AfInet af() {
        return af;
    }

    /** The namespace's answers kept for retries go with it (none kept by a stack outside the container). */
    void netnsExited(long netns) {
        if (state != null) {
            state.netnsExited(netns);
        }
    }

    /** A stack outside the container (the binding's tests): no events. */
    static InetStack of(AfInet af) {
        InetStack s = new InetStack();
        s.af = af;
        return s;
    }

    /**
     * Answers; the answer leaves once every change made so far is durable, recorded with
     * them when the call has an id (kernel-runtime's DurableAnswers holds it at the
     * transport). A call cancelled meanwhile (the caller gone) takes no reply.
     */
    <T> void reply(StreamObserver<T> out, T value) {
        ProtoOpsServiceImpl.send(out, value);
    }

    /** The step of a call this layer serves for a task. */
    Trace step(String function, Cred cred) {
        return runtime == null ? Trace.NONE : new StepTrace(runtime.events().step(function, cred));
    }

    Trace step(String function) {
        return runtime == null ? Trace.NONE : new StepTrace(runtime.events().step(function));
    }
}
