package vkernel.runtime.events;

import java.util.function.Supplier;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;

/** The cores' {@link Trace} as kernel events: each step is a {@link Step}, published when it ends. */
public final class StepTrace implements Trace {
    private final Step step;

    public StepTrace(Step step) {
        this.step = step;
    }

    public Step step() {
        return step;
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

    @Override
    public <T> T within(Supplier<T> code) {
        return step.within(code::get);
    }
}
