package vkernel.socket.core;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;

/** A step tree kept in memory, to read back which steps a call took, under which, with what result. */
final class RecordingTrace implements Trace {
    final String function;
    final List<RecordingTrace> children = new ArrayList<>();
    boolean ended;
    long result;
    Errno errno;

    RecordingTrace(String function) {
        this.function = function;
    }

    static String name(Trace t) {
        return t instanceof RecordingTrace r ? r.function : "?";
    }

    @Override
    public Trace child(String function) {
        RecordingTrace c = new RecordingTrace(function);
        children.add(c);
        return c;
    }

    @Override
    public Trace object(String name, Object value) {
        return this;
    }

    @Override
    public Trace field(String name, Object value) {
        return this;
    }

    @Override
    public void end(long result, Errno errno) {
        if (!ended) {
            ended = true;
            this.result = result;
            this.errno = errno;
        }
    }

    /** The tree as "f(child(...),...)", ended steps only, the way an event consumer rebuilds it. */
    String tree() {
        StringBuilder sb = new StringBuilder(function);
        List<String> kids = new ArrayList<>();
        for (RecordingTrace c : children) {
            if (c.ended) {
                kids.add(c.tree());
            }
        }
        if (!kids.isEmpty()) {
            sb.append('(').append(String.join(",", kids)).append(')');
        }
        return sb.toString();
    }
}
