package vkernel.vfs.core;

import java.util.ArrayList;
import java.util.List;
import vkernel.errno.v1.Errno;
import vkernel.kernel.trace.Trace;

/** A Trace that writes down each step as it ends ("parent>function result errno"), in order, as vk trace would show them. */
final class RecordingTrace implements Trace {
    private final List<String> ended;
    private final String path;

    RecordingTrace(String function) {
        this(new ArrayList<>(), function);
    }

    private RecordingTrace(List<String> ended, String path) {
        this.ended = ended;
        this.path = path;
    }

    List<String> ended() {
        return ended;
    }

    @Override
    public Trace child(String function) {
        return new RecordingTrace(ended, path + ">" + function);
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
        ended.add(path + (errno == Errno.ERRNO_UNSPECIFIED ? "" : " " + errno.name().substring("ERRNO_".length())));
    }
}
