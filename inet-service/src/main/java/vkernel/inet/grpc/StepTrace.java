package vkernel.inet.grpc;

import vkernel.errno.v1.Errno;
import vkernel.inet.core.Trace;
import vkernel.runtime.events.Step;

/** The core's steps as kernel events: a {@link Trace} over a {@link Step}. */
final class StepTrace implements Trace {
    private final Step step;

    StepTrace(Step step) {
        this.step = step;
    }

    @Override
    public Trace child(String function) {
        return new StepTrace(step.child(function));
    }

    @Override
    public Trace object(String name, Object value) {
        step.object(name, value);
        return this;
    }

    @Override
    public Trace field(String name, Object value) {
        step.field(name, value);
        return this;
    }

    @Override
    public void end(long result, Errno errno) {
        step.end(result, errno);
    }
}
