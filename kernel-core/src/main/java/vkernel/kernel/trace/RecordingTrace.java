package vkernel.kernel.trace;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;

/**
 * A step tree kept in memory, for tests of a core: which steps a call took, under which,
 * in which order they ended and with what result — what vk trace would show of it.
 */
public final class RecordingTrace implements Trace {
    private final String function;
    private final String path;
    private final List<String> endedSteps;
    private final List<RecordingTrace> children = new ArrayList<>();
    private boolean ended;
    private long result;
    private Errno errno = Errno.ERRNO_UNSPECIFIED;

    /** The root step of a call. */
    public RecordingTrace(String function) {
        this(function, function, new ArrayList<>());
    }

    private RecordingTrace(String function, String path, List<String> endedSteps) {
        this.function = function;
        this.path = path;
        this.endedSteps = endedSteps;
    }

    /** The function a step follows, "?" for a step that was not recorded here. */
    public static String name(Trace t) {
        return t instanceof RecordingTrace r ? r.function : "?";
    }

    @Override
    public Trace child(String function) {
        RecordingTrace c = new RecordingTrace(function, path + ">" + function, endedSteps);
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
        if (ended) {
            return;
        }
        ended = true;
        this.result = result;
        this.errno = errno;
        endedSteps.add(path + (errno == Errno.ERRNO_UNSPECIFIED ? "" : " " + errno.name().substring("ERRNO_".length())));
    }

    public boolean ended() {
        return ended;
    }

    public long result() {
        return result;
    }

    public Errno errno() {
        return errno;
    }

    /** The tree as "f(child(...),...)", ended steps only, the way an event consumer rebuilds it. */
    public String tree() {
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

    /** Every step of the tree as it ended, in order: "root>parent>function" and its errno's name if it failed. */
    public List<String> endedSteps() {
        return List.copyOf(endedSteps);
    }
}
